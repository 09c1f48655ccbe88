#!/usr/bin/env python3
"""A stand-in for the part of the GitHub REST API that drift-monitor uses, shaped as the real
one answers (docs.github.com/rest: issues, issue comments, workflow dispatches), for tests that
cannot reach GitHub. Serves on 127.0.0.1 at a free port, written to PORT_FILE.

  fake_github_api.py PORT_FILE LOG_FILE TOKEN [STATE_JSON]

STATE_JSON: {"issues": [issue objects], "workflows": ["retrain.yml", ...]}. Every request is
logged to LOG_FILE as a JSON line {method, path, query, authorization, body}. As GitHub does:
401 {"message": "Bad credentials"} for another token; 403 "Resource not accessible by
integration" for the repository forbidden/*; 404 for an unknown issue or workflow; 422 for a
body without a title or ref. The repository garbled/* answers 200 with a body that is not JSON.
"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

port_file, log_file, token = sys.argv[1:4]
state = {"issues": [], "workflows": []}
if len(sys.argv) > 4:
    with open(sys.argv[4], encoding="utf-8") as f:
        state.update(json.load(f))
lock = threading.Lock()
API = "http://127.0.0.1:{port}"
WEB = "https://github.com"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=None, raw=None):
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self, method):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with lock, open(log_file, "a", encoding="utf-8") as log:
            log.write(json.dumps({
                "method": method, "path": url.path, "query": parse_qs(url.query),
                "authorization": self.headers.get("Authorization"),
                "accept": self.headers.get("Accept"),
                "body": raw.decode("utf-8", "replace")}) + "\n")
        if self.headers.get("Authorization") != "Bearer " + token:
            return self.answer(401, {"message": "Bad credentials",
                                     "documentation_url": "https://docs.github.com/rest"})
        parts = url.path.strip("/").split("/")
        if len(parts) < 3 or parts[0] != "repos":
            return self.answer(404, {"message": "Not Found"})
        owner, repo, rest = parts[1], parts[2], parts[3:]
        if owner == "forbidden":
            return self.answer(403, {"message": "Resource not accessible by integration",
                                     "documentation_url": "https://docs.github.com/rest"})
        if owner == "garbled":
            return self.answer(200, raw=b"<html>rate limited</html>")
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return self.answer(400, {"message": "Problems parsing JSON"})
        base = f"{WEB}/{owner}/{repo}"
        with lock:
            if rest == ["issues"] and method == "GET":
                q = parse_qs(url.query)
                wanted = [l for l in q.get("labels", [""])[0].split(",") if l]
                st = q.get("state", ["open"])[0]
                found = [i for i in state["issues"]
                         if (st == "all" or i["state"] == st)
                         and all(l in [x["name"] for x in i["labels"]] for l in wanted)]
                return self.answer(200, sorted(found, key=lambda i: -i["number"]))
            if rest == ["issues"] and method == "POST":
                if not isinstance(body.get("title"), str) or not body["title"]:
                    return self.answer(422, {"message": "Validation Failed",
                                             "errors": [{"resource": "Issue", "code": "missing_field",
                                                         "field": "title"}]})
                number = max([i["number"] for i in state["issues"]] + [0]) + 1
                issue = {"number": number, "title": body["title"], "body": body.get("body"),
                         "state": "open", "labels": [{"name": l} for l in body.get("labels", [])],
                         "html_url": f"{base}/issues/{number}",
                         "url": f"{API.format(port=self.server.server_port)}/repos/{owner}/{repo}/issues/{number}",
                         "comments": 0}
                state["issues"].append(issue)
                return self.answer(201, issue)
            if len(rest) == 3 and rest[0] == "issues" and rest[2] == "comments" and method == "POST":
                issue = next((i for i in state["issues"] if str(i["number"]) == rest[1]), None)
                if issue is None:
                    return self.answer(404, {"message": "Not Found"})
                if not isinstance(body.get("body"), str):
                    return self.answer(422, {"message": "Validation Failed"})
                issue["comments"] += 1
                cid = 1000 + issue["comments"]
                return self.answer(201, {"id": cid, "body": body["body"],
                                         "html_url": f"{issue['html_url']}#issuecomment-{cid}",
                                         "issue_url": issue["url"]})
            if (len(rest) == 4 and rest[0] == "actions" and rest[1] == "workflows"
                    and rest[3] == "dispatches" and method == "POST"):
                if rest[2] not in state["workflows"]:
                    return self.answer(404, {"message": "Not Found"})
                if not isinstance(body.get("ref"), str):
                    return self.answer(422, {"message": "Invalid request.\n\n\"ref\" wasn't supplied."})
                return self.answer(204)
        return self.answer(404, {"message": "Not Found"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w", encoding="utf-8") as f:
    f.write(str(server.server_port))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
