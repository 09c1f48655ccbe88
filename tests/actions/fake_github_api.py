#!/usr/bin/env python3
"""A stand-in for the parts of GitHub that drift-monitor and actions/setup use, shaped as the
real ones answer (docs.github.com/rest: issues, issue comments, workflow dispatches, the list of
tags; release downloads), for tests that cannot reach GitHub. Serves on 127.0.0.1 at a free
port, written to PORT_FILE; it is both GITHUB_API_URL and GITHUB_SERVER_URL.

  fake_github_api.py PORT_FILE LOG_FILE TOKEN [STATE_JSON]

STATE_JSON: {"issues": [issue objects], "workflows": ["retrain.yml", ...],
"tags": {"OWNER/REPO": [[name, commit sha], ...]}, "releases": DIR,
"fail_first": {PATH: N, ...}}. Every request is logged
to LOG_FILE as a JSON line {method, path, query, authorization, body}. As GitHub does:
401 {"message": "Bad credentials"} for another token; 403 "Resource not accessible by
integration" for the repository forbidden/*; 404 for an unknown issue or workflow; 422 for a
body without a title or ref. The repository garbled/* answers 200 with a body that is not JSON.
GET /repos/OWNER/REPO/tags (per_page, page; a Link header with rel="next" while more follow)
and the release downloads need no token (public repositories), but a wrong one is refused;
the owner ratelimited/* answers 403 "API rate limit exceeded" as an anonymous caller over its
limit gets. GET /OWNER/REPO/releases/download/TAG/NAME redirects (302) to /_objects/..., which
serves DIR/TAG/NAME, as github.com redirects to its object storage; 404 when there is no file.
fail_first: the first N requests for PATH (a URL's path, without the query) are answered
503 "Service Unavailable" (logged like any other), as a server under load answers, before
PATH is served as usual: what a client's retries are tested with, no timing involved.
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

    def answer(self, status, body=None, raw=None, headers=None):
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
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
        with lock:
            left = state.get("fail_first", {}).get(url.path, 0)
            if left:
                state["fail_first"][url.path] = left - 1
        if left:
            return self.answer(503, {"message": "Service Unavailable"})
        parts = url.path.strip("/").split("/")
        public = method == "GET" and (
            (len(parts) == 4 and parts[0] == "repos" and parts[3] == "tags")
            or (len(parts) == 6 and parts[2:4] == ["releases", "download"])
            or parts[0] == "_objects")
        authorization = self.headers.get("Authorization")
        if authorization != "Bearer " + token and not (public and authorization is None):
            return self.answer(401, {"message": "Bad credentials",
                                     "documentation_url": "https://docs.github.com/rest"})
        if parts[0] == "_objects" or (len(parts) == 6 and parts[2:4] == ["releases", "download"]):
            return self.download(parts)
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
        if owner == "ratelimited":
            return self.answer(403, {
                "message": "API rate limit exceeded for 127.0.0.1. (But here's the good news: "
                           "Authenticated requests get a higher rate limit. Check out the "
                           "documentation for more details.)",
                "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"})
        with lock:
            if rest == ["tags"] and method == "GET":
                if f"{owner}/{repo}" not in state.get("tags", {}):
                    return self.answer(404, {"message": "Not Found",
                                             "documentation_url": "https://docs.github.com/rest/repos/repos#list-repository-tags"})
                q = parse_qs(url.query)
                per_page = min(int(q.get("per_page", ["30"])[0]), 100)
                page = int(q.get("page", ["1"])[0])
                tags = state["tags"][f"{owner}/{repo}"]
                api = f"{API.format(port=self.server.server_port)}/repos/{owner}/{repo}"
                body = [{"name": name, "zipball_url": f"{api}/zipball/refs/tags/{name}",
                         "tarball_url": f"{api}/tarball/refs/tags/{name}",
                         "commit": {"sha": sha, "url": f"{api}/commits/{sha}"},
                         "node_id": "REF_" + name}
                        for name, sha in tags[(page - 1) * per_page:page * per_page]]
                headers = {}
                last = max(1, -(-len(tags) // per_page))
                if page < last:
                    headers["Link"] = (f'<{api}/tags?per_page={per_page}&page={page + 1}>; rel="next", '
                                       f'<{api}/tags?per_page={per_page}&page={last}>; rel="last"')
                return self.answer(200, body, headers=headers)
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

    def download(self, parts):
        """A release asset: /OWNER/REPO/releases/download/TAG/NAME redirects to
        /_objects/OWNER/REPO/TAG/NAME, which serves the file."""
        if parts[0] != "_objects":
            owner, repo, tag, name = parts[0], parts[1], parts[4], parts[5]
        elif len(parts) == 5:
            owner, repo, tag, name = parts[1:]
        else:
            return self.answer(404, raw=b"Not Found")
        path = os.path.join(state.get("releases", "/nonexistent"), tag, name)
        if ".." in (tag, name) or not os.path.isfile(path):
            return self.answer(404, raw=b"Not Found")
        if parts[0] != "_objects":
            self.send_response(302)
            self.send_header("Location", f"{API.format(port=self.server.server_port)}/_objects/{owner}/{repo}/{tag}/{name}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        with open(path, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return None

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w", encoding="utf-8") as f:
    f.write(str(server.server_port))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
