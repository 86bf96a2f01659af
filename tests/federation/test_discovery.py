"""WebFinger, host-meta and NodeInfo: how other servers find @isabel_polizeikl@<domain>."""

from federation.models import LocalActor

AP = "application/activity+json"


def test_it_finds_a_channel_by_its_fediverse_handle(client, officer):
    response = client.get("/.well-known/webfinger",
                          {"resource": "acct:isabel_polizeikl@testserver"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/jrd+json")
    data = response.json()
    assert data["subject"] == "acct:isabel_polizeikl@testserver"
    assert {"rel": "self", "type": AP, "href": "http://testserver/@isabel_polizeikl/"} \
        in data["links"]


def test_it_finds_a_channel_by_its_address_and_the_authority(client, officer, settings):
    by_url = client.get("/.well-known/webfinger",
                        {"resource": "http://testserver/@isabel_polizeikl/"})
    assert by_url.json()["subject"] == "acct:isabel_polizeikl@testserver"
    authority = client.get("/.well-known/webfinger", {"resource": "acct:polizei@testserver"})
    assert authority.json()["links"][0]["href"] == "http://testserver/"


def test_it_finds_no_one_else(client, officer, press_officer, colleague):
    colleague.deactivate(by=press_officer, posts_public=True)
    for resource in ["acct:nobody@testserver", "acct:isabel_polizeikl@elsewhere.example",
                     "acct:felix_polizeikl@testserver"]:
        response = client.get("/.well-known/webfinger", {"resource": resource})
        assert response.status_code == 404, resource
    assert client.get("/.well-known/webfinger").status_code == 400


def test_it_makes_the_key_pair_once_and_keeps_the_private_key_encrypted(client, officer):
    client.get("/.well-known/webfinger", {"resource": "acct:isabel_polizeikl@testserver"})
    client.get("/.well-known/webfinger", {"resource": "acct:isabel_polizeikl@testserver"})
    actor = LocalActor.objects.get(officer=officer)
    assert "PRIVATE KEY" not in actor.private_key_encrypted
    assert actor.private_key.key_size == 2048  # and it decrypts


def test_it_answers_host_meta_and_nodeinfo(client, officer):
    host_meta = client.get("/.well-known/host-meta").content.decode()
    assert 'template="http://testserver/.well-known/webfinger?resource={uri}"' in host_meta
    links = client.get("/.well-known/nodeinfo").json()["links"]
    assert links[0]["href"] == "http://testserver/nodeinfo/2.1"
    info = client.get("/nodeinfo/2.1").json()
    assert info["software"]["name"] == "revier"
    assert info["protocols"] == ["activitypub"]
    assert info["openRegistrations"] is False


def test_it_answers_404_everywhere_while_federation_is_off(client, officer, settings):
    settings.FEDERATION_ENABLED = False
    for url in ["/.well-known/webfinger?resource=acct:isabel_polizeikl@testserver",
                "/.well-known/host-meta", "/.well-known/nodeinfo", "/nodeinfo/2.1",
                "/federation/isabel_polizeikl/outbox"]:
        assert client.get(url).status_code == 404, url
    # The channel stays a page: HTML even to an ActivityPub request.
    response = client.get("/@isabel_polizeikl/", HTTP_ACCEPT=AP)
    assert response["Content-Type"].startswith("text/html")
    assert not LocalActor.objects.exists()
