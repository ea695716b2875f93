from functools import wraps

from flask import make_response, request

from .util import origin_matches

DEFAULT_METHODS = "GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE"


def _apply(resp, origins, methods, supports_credentials):
    origin = request.headers.get("Origin")
    if origin and origin_matches(origin, origins):
        resp.headers["Access-Control-Allow-Origin"] = origin if origins != "*" else "*"
        resp.headers["Vary"] = "Origin"
        resp.headers["Access-Control-Allow-Methods"] = methods
        if supports_credentials:
            resp.headers["Access-Control-Allow-Credentials"] = "true"
    return resp


class CORS:
    def __init__(self, app=None, origins="*", methods=DEFAULT_METHODS, supports_credentials=False):
        self.origins = origins
        self.methods = methods
        self.supports_credentials = supports_credentials
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.after_request(lambda resp: _apply(resp, self.origins, self.methods, self.supports_credentials))


def cross_origin(origins="*", methods=DEFAULT_METHODS, supports_credentials=False):
    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            if request.method == "OPTIONS":
                resp = make_response("", 204)
            else:
                resp = make_response(fn(*args, **kwargs))
            return _apply(resp, origins, methods, supports_credentials)
        return wrapper
    return decorator
