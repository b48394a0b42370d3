"""Fake SDK plumbing: records constructor arguments, then sends the request the real SDK would send
(headers merged the way the real SDK merges them) so the local stand-in can check it."""
import json
import os
import urllib.request


def call(kind, kwargs, url, headers):
    with open(os.environ["KEYDECK_RECORD"], "w") as f:
        json.dump({"sdk": kind, "kwargs": kwargs}, f)
    req = urllib.request.Request(url, headers=headers, method="GET")
    with urllib.request.urlopen(req, timeout=10) as res:
        return res.status
