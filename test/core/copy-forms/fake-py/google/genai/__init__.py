"""A stand-in for `google.genai`: Client(...).models.get(model=...) sends x-goog-api-key."""
from _record import call
from . import types


class _Models:
    def __init__(self, client):
        self._c = client

    def get(self, model):
        c = self._c
        o = c.http_options or types.HttpOptions()
        base = (o.base_url or "https://generativelanguage.googleapis.com").rstrip("/")
        url = base + "/" + (o.api_version or "v1beta") + "/models/" + model
        return call("google-genai", c.kwargs, url, {"x-goog-api-key": c.api_key})


class Client:
    def __init__(self, api_key=None, http_options=None, **rest):
        self.kwargs = {"api_key": api_key, "http_options": vars(http_options) if http_options else None, **rest}
        self.api_key = api_key
        self.http_options = http_options
        self.models = _Models(self)
