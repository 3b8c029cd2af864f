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
