"""A stand-in for the `openai` package: OpenAI(...) then client.models.list(), as the real SDK sends it:
Authorization: Bearer <api_key>, overridden by default_headers (custom headers win in the real SDK)."""
from _record import call


class _Models:
    def __init__(self, client):
        self._c = client

    def list(self):
        c = self._c
        headers = {"Authorization": "Bearer " + c.api_key, **c.default_headers}
        return call("openai", c.kwargs, c.base_url.rstrip("/") + "/models", headers)


class OpenAI:
    def __init__(self, api_key=None, base_url=None, default_headers=None, **rest):
        assert api_key, "the OpenAI SDK refuses an empty api_key"
        self.kwargs = {"api_key": api_key, "base_url": base_url, "default_headers": default_headers or {}, **rest}
        self.api_key = api_key
        self.base_url = base_url
        self.default_headers = default_headers or {}
        self.models = _Models(self)
