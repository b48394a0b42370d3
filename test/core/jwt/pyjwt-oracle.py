"""The differential test's oracle: Debian's PyJWT (python3-jwt), sharing no code with Keydeck.

Reads one JSON case per line on stdin: {"id", "token", "alg", "key", "audience", "leeway", "now",
"pasted"}; writes one JSON line per case: {"id", "ok", "error"}. Configured as Keydeck's verifier is:
the one algorithm the key is for, exp required, the same audience and leeway, the same clock (PyJWT
reads the time through datetime.now, which is frozen here to the case's "now"). A pasted token has its
`Bearer ` prefix and surrounding whitespace removed first, as a server's auth middleware does.
"""
import json
import sys
from datetime import datetime, timezone

import jwt
import jwt.api_jwt
from jwt.algorithms import ECAlgorithm, OKPAlgorithm

NOW = [0]


class FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.fromtimestamp(NOW[0], tz or timezone.utc)


jwt.api_jwt.datetime = FrozenDatetime


def key_for(alg, key):
    if alg == "HS256":
        return key
    if alg == "ES256":
        return ECAlgorithm.from_jwk(json.dumps(key))
    return OKPAlgorithm.from_jwk(json.dumps(key))


def verify(case):
    NOW[0] = case["now"]
    token = case["token"]
    if case.get("pasted"):
        token = token.strip()
        if token.lower().startswith("bearer "):
            token = token[7:].strip()
    jwt.decode(
        token,
        key_for(case["alg"], case["key"]),
        algorithms=[case["alg"]],
        audience=case["audience"],
        leeway=case["leeway"],
        options={"require": ["exp"]},
    )


print(json.dumps({"pyjwt": jwt.__version__}), flush=True)
for line in sys.stdin:
    if not line.strip():
        continue
    case = json.loads(line)
    try:
        verify(case)
        out = {"id": case["id"], "ok": True}
    except Exception as e:  # any refusal, typed or not, is a refusal
        out = {"id": case["id"], "ok": False, "error": f"{type(e).__name__}: {e}"[:200]}
    print(json.dumps(out), flush=True)
