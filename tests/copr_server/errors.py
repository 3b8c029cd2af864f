"""The error type every layer raises; app.py turns it into Copr's JSON body."""

BUG_MESSAGE = "Request wasn't successful, there is probably a bug in the Copr code."


class ApiError(Exception):
    """An HTTP error with Copr's ``{"error": message}`` body."""

    def __init__(self, status, message, extra=None):
        super().__init__(message)
        self.status = status
        self.message = message
        # e.g. {"output": "notok"} on 401, which is the only body with more keys
        self.extra = extra or {}

    def body(self):
        body = dict(self.extra)
        body["error"] = self.message
        return body


class V1Error(ApiError):
    """An APIv1 error: ``{"error": message, "output": "notok"}``, written ``json.dumps`` style.

    The legacy views raised ``LegacyApiError`` (500) and the common exceptions
    (404, 403, 409); the frontend's error handler wrote those bodies with
    ``json.dumps`` (", " separators, keys in that order), unlike the success
    bodies (``flask.jsonify``: compact, keys sorted).
    """


class V1Crash(Exception):
    """An APIv1 request the real frontend answered with its HTML error page.

    Unhandled exceptions (500), unknown URLs (404) and wrong methods (405)
    under /api/ were not routed to the JSON error handler.
    """

    def __init__(self, status, reason=""):
        super().__init__(reason or str(status))
        self.status = status
        self.reason = reason
