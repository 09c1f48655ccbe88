#!/usr/bin/env python3
"""A GitHub-like release server for the release tests, on 127.0.0.1 and a free port.

Usage: release_server.py ROOT [LATEST_TAG]

Serves the files under ROOT at their paths (GET and HEAD; anything missing is a 404), and,
given LATEST_TAG, answers .../releases/latest/download/FILE with a 302 to
.../releases/download/LATEST_TAG/FILE when that file exists (a 404 otherwise), as github.com does. Prints the port it bound (port 0:
the kernel picks a free one) on the first line of stdout, then serves until killed.

RELEASE_SERVER_FAIL_FIRST, a JSON object {PATH: N, ...}: the first N requests (GET or HEAD) for
PATH (a URL's path) are answered 503 Service Unavailable, as a server under load answers, and
logged as such; then PATH is served as usual. What a client's retries are tested with, no
timing involved.
"""
import functools
import http.server
import json
import os
import re
import sys
import threading

LATEST = re.compile(r"^(?P<releases>/.*/releases)/latest/download/(?P<file>[^/]+)$")


class Handler(http.server.SimpleHTTPRequestHandler):
    latest_tag = None
    fail_first = {}
    lock = threading.Lock()

    def send_head(self):
        with self.lock:
            path = self.path.split("?", 1)[0]
            left = self.fail_first.get(path, 0)
            if left:
                self.fail_first[path] = left - 1
        if left:
            self.send_error(503, "Service Unavailable")
            return None
        match = LATEST.match(self.path.split("?", 1)[0])
        target = match and f"{match['releases']}/download/{self.latest_tag}/{match['file']}"
        if target and self.latest_tag and os.path.isfile(self.translate_path(target)):
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return super().send_head()

    def list_directory(self, path):  # a release server lists nothing
        self.send_error(404, "Not Found")
        return None

    def log_message(self, format, *args):  # the access log goes to stderr, for the test's log
        sys.stderr.write("%s\n" % (format % args))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: release_server.py ROOT [LATEST_TAG]")
    Handler.latest_tag = sys.argv[2] if len(sys.argv) == 3 else None
    Handler.fail_first = json.loads(os.environ.get("RELEASE_SERVER_FAIL_FIRST") or "{}")
    handler = functools.partial(Handler, directory=sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
