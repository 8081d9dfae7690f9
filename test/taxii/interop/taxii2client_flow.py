"""
What the OASIS reference client (taxii2-client 2.3, taxii2client.v21) sends and checks, replayed with
`requests` over real HTTP against a running exchange. The package itself cannot be installed here (no
PyPI), so each step below does what its code does (read from oasis-open/cti-taxii-client: common.py,
v21/__init__.py), and fails the way it fails:

- every GET carries `Accept: application/taxii+json;version=2.1` and a taxii2-client User-Agent; the
  answer's Content-Type must contain every token of that Accept (_HTTPConnection.valid_content_type);
- HTTP Basic (session.auth), the trailing slash added to a URL that lacks one (_TAXIIEndpoint);
- discovery: `default` must be one of `api_roots` (else Server.default is None); API root information
  needs title, versions, max_content_length; each collection needs id, title, can_read, can_write and a
  collection URL (collections URL + id + "/") containing its id;
- filters as query parameters: `limit` an int, `next`, `added_after`, `match[<kw>]` comma-joined;
- as_pages(): first call with limit=per_request; if `more` and the page holds a different number of
  objects, per_request becomes that number; then follow `next` while `more` (an absent `more` is false);
- add_objects(): POST with Accept and Content-Type TAXII 2.1, body json.dumps(...).encode("utf-8"); the
  status URL is urljoin(collection URL, "../../status/<id>") -- no trailing slash -- and is polled with
  GET until `status` is "complete"; Status validation: counts present, lists as long as their counts,
  success + pending + failure = total; ApiRoot.get_status() uses "status/<id>/" (with the slash);
- raise_for_status() on every answer.

Prints one JSON line of findings for the calling test; exits 1 with a message on the first mismatch.
Usage: python3 taxii2client_flow.py <server url> <client id> <client secret> <seeded ids file>
"""
import json
import sys
import time
import uuid
from urllib.parse import urljoin

import requests
import requests.auth

TAXII21 = "application/taxii+json;version=2.1"
USER_AGENT = "taxii2-client/2.3.0"


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


class Connection:
    """taxii2client.common._HTTPConnection, version 2.1."""

    def __init__(self, user, password):
        self.session = requests.Session()
        self.session.auth = requests.auth.HTTPBasicAuth(user, password)

    def valid_content_type(self, content_type, accept):
        accept_tokens = accept.replace(" ", "").split(";")
        content_type_tokens = content_type.replace(" ", "").split(";")
        return all(t in content_type_tokens for t in accept_tokens) and content_type_tokens[0] == "application/taxii+json"

    def get(self, url, params=None, accept=TAXII21):
        resp = self.session.get(url, headers={"User-Agent": USER_AGENT, "Accept": accept}, params=params)
        resp.raise_for_status()
        content_type = resp.headers["Content-Type"]
        check(self.valid_content_type(content_type, accept), "Unexpected Response. Got Content-Type: '%s' for Accept: '%s'" % (content_type, accept))
        return resp

    def post(self, url, data):
        resp = self.session.post(url, headers={"Accept": TAXII21, "Content-Type": TAXII21}, data=data)
        resp.raise_for_status()
        return resp.json()

    def delete(self, url):
        resp = self.session.delete(url, headers={"Accept": TAXII21})
        resp.raise_for_status()


def with_slash(url):
    return url if url.endswith("/") else url + "/"


def to_params(filters):
    """taxii2client.common._filter_kwargs_to_query_params."""
    params = {}
    for kw, value in filters.items():
        if not value:
            continue
        values = (value,) if isinstance(value, str) or not hasattr(value, "__iter__") else value
        if kw == "version":
            params["match[version]"] = ",".join(values)
        elif kw == "added_after":
            params["added_after"] = ",".join(values)
        elif kw == "limit":
            params["limit"] = int(values[0])
        elif kw == "next":
            params["next"] = values
        else:
            params["match[" + kw + "]"] = ",".join(values)
    return params


def as_pages(func, per_request=0, **kwargs):
    """taxii2client.v21.as_pages."""
    envelope = func(limit=per_request, **kwargs)
    yield envelope
    total_obtained = len(envelope.json().get("objects", []))
    if envelope.json().get("more", False) and total_obtained != per_request:
        per_request = total_obtained
    while envelope.json().get("more", False):
        envelope = func(limit=per_request, next=envelope.json().get("next", ""), **kwargs)
        yield envelope


def validate_status(status, url):
    """taxii2client.v21.Status._validate_status."""
    for key in ("id", "status"):
        check(status.get(key), "No '%s' in Status for request '%s'" % (key, url))
    for key in ("total_count", "success_count", "failure_count", "pending_count"):
        check(status.get(key) is not None, "No '%s' in Status for request '%s'" % (key, url))
    for key, count in (("successes", "success_count"), ("failures", "failure_count"), ("pendings", "pending_count")):
        if status.get(key):
            check(len(status[key]) == status[count], "Found %s=%d, but %s=%d" % (key, len(status[key]), count, status[count]))
    check(status["success_count"] + status["pending_count"] + status["failure_count"] == status["total_count"], "counts do not add up in status %s" % status["id"])


def indicator(i):
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    return {
        "type": "indicator", "spec_version": "2.1", "id": "indicator--" + str(uuid.uuid4()), "created": now, "modified": now,
        "name": "interop %d" % i, "pattern": "[ipv4-addr:value = '203.0.113.%d']" % (i % 250), "pattern_type": "stix", "valid_from": now,
        "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    }


def main(server_url, user, password, seeded_file):
    with open(seeded_file) as f:
        seeded = json.load(f)
    conn = Connection(user, password)
    found = {}

    # Server: the URL as a user might type it, without the trailing slash.
    server = with_slash(server_url)
    discovery = conn.get(server).json()
    check(discovery.get("title"), "No 'title' in Server Discovery")
    roots = [urljoin(server, u) for u in discovery.get("api_roots", [])]
    check(discovery.get("default") in discovery.get("api_roots", []), "default API root is not one of api_roots")
    root = with_slash(roots[0])

    info = conn.get(root).json()
    for key in ("title", "versions"):
        check(info.get(key), "No '%s' in API Root" % key)
    check(info.get("max_content_length") is not None, "No 'max_content_length' in API Root")
    check(TAXII21 in info["versions"], "API root does not list TAXII 2.1")

    collections_url = root + "collections/"
    collections = conn.get(collections_url).json().get("collections", [])
    for c in collections:
        url = collections_url + c["id"] + "/"
        for key in ("id", "title"):
            check(c.get(key), "No '%s' in Collection" % key)
        check(c.get("can_read") is not None and c.get("can_write") is not None, "No can_read/can_write in Collection")
        check(c["id"] in url, "The collection id does not match its URL")
    everything = next(c for c in collections if c.get("alias") == "all")
    collection_url = collections_url + everything["id"] + "/"
    check(everything["can_read"] and everything["can_write"], "the analyst cannot read and write 'all'")
    refreshed = conn.get(collection_url).json()
    check(refreshed["id"] == everything["id"], "Collection.refresh() gave another collection")
    objects_url = collection_url + "objects/"

    def get_objects(**filters):
        return conn.get(objects_url, params=to_params(filters))

    def get_manifest(**filters):
        return conn.get(collection_url + "manifest/", params=to_params(filters))

    # add_objects(envelope, wait_for_completion=True)
    posted = [indicator(i) for i in range(12)]
    status_json = conn.post(objects_url, json.dumps({"objects": posted}, ensure_ascii=False).encode("utf-8"))
    status_url = urljoin(collection_url, "../../status/{}".format(status_json["id"]))
    validate_status(status_json, status_url)
    status = status_json
    deadline = time.time() + 60
    while status["status"] != "complete" and time.time() < deadline:
        time.sleep(1)
        status = conn.get(status_url).json()
        validate_status(status, status_url)
    check(status["status"] == "complete" and status["success_count"] == 12, "add_objects did not complete with 12 successes: %s" % status)
    polled = conn.get(status_url).json()  # Status.refresh(), no trailing slash
    validate_status(polled, status_url)
    again = conn.get(root + "status/" + status_json["id"] + "/").json()  # ApiRoot.get_status()
    check(again == polled, "the status differs with and without the trailing slash")
    found["status_url"] = status_url[len(server_url):]

    # as_pages over everything: no object skipped or repeated, the limit honoured.
    ids, page_sizes, last_added = [], [], None
    for page in as_pages(get_objects, per_request=7):
        body = page.json()
        ids += [o["id"] for o in body.get("objects", [])]
        page_sizes.append(len(body.get("objects", [])))
        if body.get("objects"):
            check("X-TAXII-Date-Added-First" in page.headers and "X-TAXII-Date-Added-Last" in page.headers, "no X-TAXII-Date-Added headers on a page with objects")
            last_added = page.headers["X-TAXII-Date-Added-Last"]
        check(not body.get("more") or body.get("next"), "more without next")
    check(len(ids) == len(set(ids)), "as_pages repeated an object")
    expected = set(seeded) | {o["id"] for o in posted}
    check(set(ids) == expected, "as_pages gave %d objects, expected %d" % (len(set(ids)), len(expected)))
    check(all(n == 7 for n in page_sizes[:-1]) and 0 < page_sizes[-1] <= 7, "pages of 7 expected, got %s" % page_sizes)
    found["pages_of_7"] = len(page_sizes)

    # A per_request above the server maximum: the client adopts the size the server answered with.
    sizes = [len(p.json().get("objects", [])) for p in as_pages(get_objects, per_request=100000)]
    found["server_page_sizes"] = sizes
    check(sum(sizes) == len(expected), "as_pages with a large per_request gave %d objects" % sum(sizes))

    # Polling for what is new: added_after = the last page's X-TAXII-Date-Added-Last gives nothing yet.
    newer = get_objects(added_after=last_added)
    body = newer.json()
    check(body.get("objects", []) == [] and not body.get("more", False), "added_after the last date_added was not empty: %s" % body)
    check("X-TAXII-Date-Added-First" not in newer.headers, "date-added headers on an empty page")
    found["empty_page"] = body

    # Filters as the client spells them; the manifest paged the same way.
    only = [o["id"] for p in as_pages(get_objects, per_request=5, type=["indicator"], id=[posted[0]["id"], posted[1]["id"]]) for o in p.json().get("objects", [])]
    check(sorted(only) == sorted([posted[0]["id"], posted[1]["id"]]), "match[id] + match[type] gave %s" % only)
    manifest = [m for p in as_pages(get_manifest, per_request=9) for m in p.json().get("objects", [])]
    check(sorted(m["id"] for m in manifest) == sorted(expected), "the manifest does not list every object once")
    check(all(m.get("date_added") and m.get("version") for m in manifest), "manifest entries need date_added and version")

    # get_object, object_versions, delete_object (a revocation here), then the object's versions again.
    target = posted[0]["id"]
    one = conn.get(objects_url + target + "/", params=to_params({"version": "all"})).json()
    check([o["id"] for o in one["objects"]] == [target], "get_object gave %s" % one)
    conn.delete(objects_url + target + "/")
    versions = conn.get(objects_url + target + "/versions/").json()
    check(len(versions.get("versions", [])) == 2, "after delete_object, two versions expected: %s" % versions)
    latest = conn.get(objects_url + target + "/").json()["objects"][0]
    check(latest.get("revoked") is True, "the latest version is not revoked")
    found["versions_after_delete"] = len(versions["versions"])

    # Errors surface through raise_for_status() as the client's callers see them.
    for label, call, code in (
        ("wrong secret", lambda: Connection(user, "wrong").get(root), 401),
        ("TAXII 2.0 Accept", lambda: conn.get(root, accept="application/vnd.oasis.taxii+json; version=2.0"), 406),
        ("unknown collection", lambda: conn.get(collections_url + str(uuid.uuid4()) + "/"), 404),
    ):
        try:
            call()
            raise Mismatch("%s: no error" % label)
        except requests.exceptions.HTTPError as e:
            check(e.response.status_code == code, "%s: %d, expected %d" % (label, e.response.status_code, code))
    print(json.dumps(found))


if __name__ == "__main__":
    try:
        main(*sys.argv[1:5])
    except Mismatch as e:
        print("MISMATCH: %s" % e, file=sys.stderr)
        sys.exit(1)
