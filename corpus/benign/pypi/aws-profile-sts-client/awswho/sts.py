"""Signature Version 4 signed call to STS GetCallerIdentity."""
import datetime as dt
import hashlib
import hmac
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from .credentials import Credentials

NS = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/"}


def _sign(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def get_caller_identity(creds: Credentials, region: str = "us-east-1") -> dict:
    host = f"sts.{region}.amazonaws.com"
    body = urllib.parse.urlencode({"Action": "GetCallerIdentity", "Version": "2011-06-15"})
    now = dt.datetime.now(dt.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8", "host": host, "x-amz-date": amz_date}
    if creds.token:
        headers["x-amz-security-token"] = creds.token
    signed = ";".join(sorted(headers))
    canonical = "\n".join(["POST", "/", "", *(f"{k}:{headers[k]}" for k in sorted(headers)), "", signed,
                           hashlib.sha256(body.encode()).hexdigest()])
    scope = f"{day}/{region}/sts/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _sign(_sign(_sign(_sign(("AWS4" + creds.secret_key).encode(), day), region), "sts"), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={creds.access_key}/{scope}, "
                                f"SignedHeaders={signed}, Signature={signature}")
    req = urllib.request.Request(f"https://{host}/", data=body.encode(), headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        root = ET.fromstring(resp.read())
    result = root.find("sts:GetCallerIdentityResult", NS)
    return {child.tag.split("}")[1]: child.text for child in result}
