"""A stand-in for the `anthropic` package: Anthropic(...).models.list() sends x-api-key and anthropic-version."""
from _record import call


class _Models:
    def __init__(self, client):
        self._c = client

    def list(self):
        c = self._c
        headers = {"x-api-key": c.api_key, "anthropic-version": "2023-06-01"}
        return call("anthropic", c.kwargs, c.base_url.rstrip("/") + "/v1/models", headers)


class Anthropic:
    def __init__(self, api_key=None, base_url="https://api.anthropic.com", **rest):
        self.kwargs = {"api_key": api_key, "base_url": base_url, **rest}
        self.api_key = api_key
        self.base_url = base_url
        self.models = _Models(self)
