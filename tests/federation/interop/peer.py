"""A small Fediverse server built on bovine (an ActivityPub library this project did
not write), for the interoperability tests. Run with the peer's own environment:

    .venv-peer/bin/python tests/federation/interop/peer.py PORT STATE_DIR

Its accounts alice, bob and carol have personal inboxes. Every activity they receive is
checked with bovine's own HTTP signature verification (it fetches the signer's key
itself) and recorded with the result. /control/* lets a test make it act: look up an
account by WebFinger and follow it, sign a GET, send a forged request, send any
activity (a reply, a direct message), stall an inbox.
"""

import asyncio
import json
import sys
from pathlib import Path

import aiohttp
from aiohttp import web
from bovine.clients.lookup_account import lookup_with_webfinger
from bovine.clients.signed_http_methods import signed_get, signed_post
from bovine.crypto import build_validate_http_signature_raw, generate_rsa_public_private_key
from bovine.crypto.helper import content_digest_sha256
from bovine.crypto.types import CryptographicIdentifier, CryptographicSecret

NAMES = ("alice", "bob", "carol")


def sha256_digest(body):
    return "digest", content_digest_sha256(body, prefix="SHA-256")


class Peer:
    def __init__(self, port, state_dir):
        self.base = f"http://127.0.0.1:{port}"
        self.keys = self._load_keys(Path(state_dir))
        self.received = []  # {"name", "activity", "verified_as"}
        self.stalled = {}  # name -> asyncio.Event while that inbox stalls
        self.waiting = []  # names whose request is being held
        self.validate = build_validate_http_signature_raw(self.retrieve_key)

    def _load_keys(self, state_dir):
        # Kept on disk: a peer started again (after being "down") has the same accounts.
        state_dir.mkdir(parents=True, exist_ok=True)
        path = state_dir / "keys.json"
        if path.exists():
            return json.loads(path.read_text())
        keys = {}
        for name in NAMES:
            public, private = generate_rsa_public_private_key()
            keys[name] = {"public": public, "private": private}
        path.write_text(json.dumps(keys))
        return keys

    def uri(self, name):
        return f"{self.base}/users/{name}"

    def secret(self, name):
        return CryptographicSecret.from_pem(f"{self.uri(name)}#main-key",
                                            self.keys[name]["private"])

    async def retrieve_key(self, key_id):
        async with aiohttp.ClientSession() as session:
            response = await session.get(key_id, headers={"accept": "application/activity+json"})
            data = await response.json(content_type=None)
        return CryptographicIdentifier.from_public_key(data.get("publicKey", data))

    # Its accounts ---------------------------------------------------------------------

    async def actor(self, request):
        name = request.match_info["name"]
        if name not in NAMES:
            raise web.HTTPNotFound()
        return web.json_response({
            "@context": ["https://www.w3.org/ns/activitystreams",
                         "https://w3id.org/security/v1"],
            "id": self.uri(name), "type": "Person", "preferredUsername": name,
            "inbox": f"{self.uri(name)}/inbox", "outbox": f"{self.uri(name)}/outbox",
            "publicKey": {"id": f"{self.uri(name)}#main-key", "owner": self.uri(name),
                          "publicKeyPem": self.keys[name]["public"]},
        }, content_type="application/activity+json")

    async def inbox(self, request):
        name = request.match_info["name"]
        if name in self.stalled:
            # A slow server: it holds the request before reading it. If the sender went
            # away meanwhile (a killed worker), nothing of it was taken in.
            self.waiting.append(name)
            await self.stalled[name].wait()
            if request.transport is None or request.transport.is_closing():
                return web.Response(status=499)
        body = await request.read()

        async def get_body():
            return body

        owner = await self.validate(request.method, str(request.url), request.headers,
                                    get_body)
        activity = json.loads(body)
        verified = owner is not None and owner == activity.get("actor")
        self.received.append({"name": name, "activity": activity,
                              "verified_as": owner if verified else None})
        return web.Response(status=202 if verified else 401)

    # Control, for the tests ---------------------------------------------------------

    async def follow(self, request):
        data = await request.json()
        name, handle = data["name"], data["handle"]
        host = handle.split("@")[-1]
        async with aiohttp.ClientSession() as session:
            actor_id = await lookup_with_webfinger(
                session, f"http://{host}/.well-known/webfinger", {"resource": f"acct:{handle}"})
            response = await signed_get(session, self.secret(name), actor_id)
            actor = await response.json(content_type=None)
            follow = {"@context": "https://www.w3.org/ns/activitystreams",
                      "id": f"{self.uri(name)}#follows/{len(self.received)}-{handle}",
                      "type": "Follow", "actor": self.uri(name), "object": actor["id"]}
            secret = self.secret(name)
            if data.get("forge"):
                # Signed with a key that is not the account's, under the account's keyId.
                _, other = generate_rsa_public_private_key()
                secret = CryptographicSecret.from_pem(f"{self.uri(name)}#main-key", other)
            answer = await signed_post(session, secret, actor["inbox"], json.dumps(follow),
                                       sha256_digest)
            return web.json_response({"actor": actor, "status": answer.status,
                                      "follow": follow})

    async def send(self, request):
        """Sends `activity` (its actor and ids filled in for the account) to `inbox`,
        signed by the account, as bovine signs it."""
        data = await request.json()
        name, activity = data["name"], data["activity"]
        async with aiohttp.ClientSession() as session:
            answer = await signed_post(session, self.secret(name), data["inbox"],
                                       json.dumps(activity), sha256_digest)
            text = await answer.text()
        return web.json_response({"status": answer.status, "body": text})

    async def signed_fetch(self, request):
        data = await request.json()
        async with aiohttp.ClientSession() as session:
            response = await signed_get(session, self.secret(data["name"]), data["url"])
            text = await response.text()
        return web.json_response({"status": response.status, "body": text})

    async def stall(self, request):
        data = await request.json()
        name = data["name"]
        if data.get("on", True):
            self.stalled[name] = asyncio.Event()
        elif name in self.stalled:
            self.stalled.pop(name).set()
        return web.json_response({"ok": True})

    async def state(self, request):
        return web.json_response({"received": self.received, "waiting": self.waiting})


def main():
    port, state_dir = int(sys.argv[1]), sys.argv[2]
    peer = Peer(port, state_dir)
    app = web.Application()
    app.router.add_get("/users/{name}", peer.actor)
    app.router.add_post("/users/{name}/inbox", peer.inbox)
    app.router.add_post("/control/follow", peer.follow)
    app.router.add_post("/control/signed-fetch", peer.signed_fetch)
    app.router.add_post("/control/send", peer.send)
    app.router.add_post("/control/stall", peer.stall)
    app.router.add_get("/control/state", peer.state)
    web.run_app(app, host="127.0.0.1", port=port, print=lambda *_: print("ready", flush=True))


if __name__ == "__main__":
    main()
