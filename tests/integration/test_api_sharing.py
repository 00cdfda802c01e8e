"""Sharing a session with a coach, the coach's read-only view, timed comments and display names, over
REST against the running platform; and deletion of a session or an account taking shares and comments
with it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest
from platform_users import default_name, email_of, new_user, post_comment, share_session, streamed_session

from interview_core.container import get_services
from local_platform.client import ApiClient

pytestmark = pytest.mark.integration


def _ids(r: Any) -> set[str]:
    return {s["session_id"] for s in r.json()["sessions"]}


@pytest.fixture(scope="module")
def reported(platform: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[ApiClient, ApiClient, str]:
    """An owner, a coach, and the owner's session with one 4-second segment analysed and reported,
    shared with the coach."""
    owner, coach = new_user(platform), new_user(platform)
    sid = streamed_session(platform, owner, tmp_path_factory.mktemp("segments"), count=1)
    assert share_session(owner, sid, email_of(coach)).status_code == 201
    return owner, coach, sid


# -- sharing ---------------------------------------------------------------------------------------


def test_sharing_with_an_unknown_email_answers_exactly_as_with_a_known_one(platform: Any) -> None:
    # Given an owner, a registered user, and an address of the same length that has no account
    owner, known = new_user(platform), new_user(platform)
    sid = owner.create_session()["session_id"]
    known_email = email_of(known)
    unknown_email = f"user-{uuid.uuid4().hex[:10]}@example.com"
    assert len(unknown_email) == len(known_email)
    # When the owner shares the session with each
    answers = [share_session(owner, sid, email) for email in (known_email, unknown_email)]

    # Then status, headers and body bytes are the same apart from the id, the time and the email itself
    def normalised(r: Any, email: str) -> tuple[int, dict[str, str], bytes]:
        body = r.json()
        text = r.text
        for value, placeholder in ((body["share_id"], "ID"), (body["created_at"], "TIME"), (email, "EMAIL")):
            text = text.replace(value, placeholder)
        headers = {k: v for k, v in r.headers.items() if k not in ("date", "content-length")}
        return r.status_code, headers, text.encode()

    assert normalised(answers[0], known_email) == normalised(answers[1], unknown_email)
    assert answers[0].status_code == 201
    assert len(answers[0].content) == len(answers[1].content)


def test_share_rules_own_email_repeat_case_and_limit(platform: Any) -> None:
    owner = new_user(platform)
    sid = owner.create_session()["session_id"]
    # Sharing with yourself, or with something that is not an email, is refused
    own = share_session(owner, sid, email_of(owner).upper())
    assert own.status_code == 422 and own.json()["error"]["details"][0]["field"] == "email", own.text
    assert share_session(owner, sid, "not-an-email").status_code == 422
    # The same email again (in any case) answers 201 with the existing share
    first = share_session(owner, sid, "Coach.Twice@Example.com")
    again = share_session(owner, sid, "coach.twice@example.com")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and first.json()["email"] == "coach.twice@example.com"
    # At most 20 shares per session; re-sharing one of them still answers with it
    for i in range(19):
        assert share_session(owner, sid, f"coach-{i}@example.com").status_code == 201
    over = share_session(owner, sid, "one-too-many@example.com")
    assert over.status_code == 409 and over.json()["error"]["code"] == "conflict", over.text
    assert share_session(owner, sid, "coach-3@example.com").status_code == 201
    listed = owner.request("GET", f"/sessions/{sid}/shares").json()["shares"]
    assert len(listed) == 20 and len({s["share_id"] for s in listed}) == 20


def test_include_future_covers_later_sessions_until_revoked(platform: Any) -> None:
    # Given an earlier session, and a session shared with include_future
    owner, coach = new_user(platform), new_user(platform)
    earlier = owner.create_session()["session_id"]
    shared = owner.create_session()["session_id"]
    share = share_session(owner, shared, email_of(coach), include_future=True).json()
    assert share["include_future"] is True
    # When the owner creates a session afterwards
    later = owner.create_session()["session_id"]
    # Then the coach reads the shared and the later session, not the earlier one
    assert coach.request("GET", f"/sessions/{shared}").status_code == 200
    assert coach.request("GET", f"/sessions/{later}").json()["access"] == "coach"
    assert coach.request("GET", f"/sessions/{earlier}").status_code == 404
    assert [s["session_id"] for s in coach.request("GET", "/coach/sessions").json()["sessions"]] == [
        later,
        shared,
    ]
    # And the later session lists the share that grants it
    assert owner.request("GET", f"/sessions/{later}/shares").json()["shares"] == [share]
    assert owner.request("GET", f"/sessions/{earlier}/shares").json()["shares"] == []
    # When it is revoked through the later session, it stops granting every session at once
    assert owner.request("DELETE", f"/sessions/{later}/shares/{share['share_id']}").status_code == 204
    for sid in (shared, later):
        assert coach.request("GET", f"/sessions/{sid}").status_code == 404
    assert coach.request("GET", "/coach/sessions").json()["sessions"] == []


def test_revocation_is_immediate_and_looks_like_an_unknown_id(platform: Any) -> None:
    # Given a session shared with a coach, who reads it
    owner, coach = new_user(platform), new_user(platform)
    sid = owner.create_session()["session_id"]
    share_id = share_session(owner, sid, email_of(coach)).json()["share_id"]
    for path in ("", "/media", "/comments"):
        assert coach.request("GET", f"/sessions/{sid}{path}").status_code == 200, path
    # When the owner revokes the share
    assert owner.request("DELETE", f"/sessions/{sid}/shares/{share_id}").status_code == 204
    # Then the coach's next requests answer exactly what an id that never existed answers
    unknown = coach.request("GET", f"/sessions/{uuid.uuid4().hex}")
    for path in ("", "/media", "/comments", "/report"):
        r = coach.request("GET", f"/sessions/{sid}{path}")
        assert (r.status_code, r.json()) == (404, unknown.json()), path
    assert sid not in _ids(coach.request("GET", "/coach/sessions"))
    # And revoking again is a 404
    assert owner.request("DELETE", f"/sessions/{sid}/shares/{share_id}").status_code == 404


def test_the_coach_list_shows_only_what_was_shared(platform: Any) -> None:
    owner, coach = new_user(platform), new_user(platform)
    shared, kept = (owner.create_session()["session_id"] for _ in range(2))
    own = coach.create_session()["session_id"]
    assert share_session(owner, shared, email_of(coach)).status_code == 201
    listed = coach.request("GET", "/coach/sessions").json()["sessions"]
    assert [s["session_id"] for s in listed] == [shared]
    assert listed[0] | {"created_at": None} == {
        "session_id": shared,
        "owner_name": default_name(email_of(owner)),
        "role": "general",
        "status": "created",
        "created_at": None,
        "question_count": 3,
        "report_ready": False,
    }
    assert _ids(coach.request("GET", "/sessions")) == {own}
    assert kept not in _ids(coach.request("GET", "/coach/sessions"))


# -- display name ----------------------------------------------------------------------------------


def test_the_display_name_defaults_to_the_email_and_is_validated(platform: Any) -> None:
    owner, coach = new_user(platform), new_user(platform)
    me = owner.request("GET", "/users/me").json()
    assert me["display_name"] == default_name(me["email"]) and me["groups"] == ["candidate"]
    # A new name is trimmed and shows to the coach
    r = owner.request("PATCH", "/users/me", json={"display_name": "  Sam Rivera  "})
    assert r.status_code == 200 and r.json() == {**me, "display_name": "Sam Rivera"}
    sid = owner.create_session()["session_id"]
    share_session(owner, sid, email_of(coach))
    assert coach.request("GET", "/coach/sessions").json()["sessions"][0]["owner_name"] == "Sam Rivera"
    assert coach.request("GET", f"/sessions/{sid}").json()["owner_name"] == "Sam Rivera"
    # Empty, too long, control characters (a newline too) are refused, and the name stays
    for bad in ("   ", "x" * 61, "Sam\nRivera", "Sam\u0007", 7):
        r = owner.request("PATCH", "/users/me", json={"display_name": bad})
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_failed", (bad, r.text)
    assert owner.request("GET", "/users/me").json()["display_name"] == "Sam Rivera"


# -- comments --------------------------------------------------------------------------------------


def test_comments_need_a_built_report(platform: Any) -> None:
    owner = new_user(platform)
    sid = owner.create_session()["session_id"]
    r = post_comment(owner, sid, 0, "Too early.")
    assert r.status_code == 409 and r.json()["error"]["code"] == "report_not_ready", r.text


def test_owner_and_coach_comment_and_every_view_shows_them_escaped(
    reported: tuple[ApiClient, ApiClient, str],
) -> None:
    owner, coach, sid = reported
    coach.request("PATCH", "/users/me", json={"display_name": "Coach <Morgan>"})
    # When the owner and the coach comment on two moments
    mine = post_comment(owner, sid, 3.0, "I <b>rushed</b> this & it shows")
    theirs = post_comment(coach, sid, 1.0, "<script>alert(1)</script>\nSecond line")
    assert mine.status_code == theirs.status_code == 201, (mine.text, theirs.text)
    assert mine.json()["mine"] is True and mine.json()["author_name"] == default_name(email_of(owner))
    # Then each reader lists them by moment, with their own marked
    for reader, own_id in ((owner, mine.json()["comment_id"]), (coach, theirs.json()["comment_id"])):
        listed = reader.request("GET", f"/sessions/{sid}/comments").json()["comments"]
        assert [c["t_s"] for c in listed] == [1.0, 3.0]
        assert {c["comment_id"] for c in listed if c["mine"]} == {own_id}
        assert reader.report(sid).json()["comments"] == listed
    assert theirs.json()["text"] == "<script>alert(1)</script>\nSecond line"
    # And the HTML report shows them escaped, times as m:ss, under the same CSP
    r = coach.request("GET", f"/sessions/{sid}/report.html")
    assert r.status_code == 200 and "sandbox" in r.headers["content-security-policy"]
    section = r.text[r.text.index('id="h-comments"') :]
    assert "0:01" in section and "0:03" in section and "Coach &lt;Morgan&gt;" in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section and "<script>" not in r.text
    assert "I &lt;b&gt;rushed&lt;/b&gt; this &amp; it shows" in section
    # And the coach gets the report without the owner's own ratings
    assert coach.report(sid).json()["ratings"] == {"report": None, "recommendations": {}}


def test_only_the_author_deletes_a_comment(platform: Any, reported: tuple[ApiClient, ApiClient, str]) -> None:
    owner, coach, sid = reported
    comment_id = post_comment(owner, sid, 2.0, "Mine to delete.").json()["comment_id"]
    # Another reader is refused, a stranger sees nothing, the author deletes it
    forbidden = coach.request("DELETE", f"/sessions/{sid}/comments/{comment_id}")
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "forbidden"
    assert new_user(platform).request("DELETE", f"/sessions/{sid}/comments/{comment_id}").status_code == 404
    assert owner.request("DELETE", f"/sessions/{sid}/comments/{comment_id}").status_code == 204
    assert comment_id not in {
        c["comment_id"] for c in owner.request("GET", f"/sessions/{sid}/comments").json()["comments"]
    }
    assert owner.request("DELETE", f"/sessions/{sid}/comments/{comment_id}").status_code == 404


def test_a_session_holds_at_most_its_comment_limit(
    platform: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a reported session and a limit of 2 comments (the service's constant, lowered for the test)
    monkeypatch.setattr("interview_core.services.comments.MAX_COMMENTS_PER_SESSION", 2)
    owner = new_user(platform)
    sid = streamed_session(platform, owner, tmp_path, count=1)
    # When a third comment is posted, Then it is refused and the two stay
    assert [post_comment(owner, sid, 1.0, f"Note {i}.").status_code for i in range(3)] == [201, 201, 409]
    assert get_services().repos.comments.count(sid) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"t_s": 60.0, "text": "Past the end."}, "t_s"),
        ({"t_s": -1, "text": "Before the start."}, "t_s"),
        ({"t_s": "1", "text": "A string time."}, "t_s"),
        ({"t_s": 1.0, "text": "  \n "}, "text"),
        ({"t_s": 1.0, "text": "x" * 2001}, "text"),
        ({"t_s": 1.0, "text": "tab\there"}, "text"),
        ({"t_s": 1.0, "text": "nul\u0000here"}, "text"),
    ],
)
def test_a_bad_comment_is_refused_with_its_field(
    reported: tuple[ApiClient, ApiClient, str], body: dict[str, Any], field: str
) -> None:
    owner, coach, sid = reported
    before = owner.request("GET", f"/sessions/{sid}/comments").json()
    r = coach.request("POST", f"/sessions/{sid}/comments", json=body)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == field, r.text
    assert owner.request("GET", f"/sessions/{sid}/comments").json() == before


# -- deletion --------------------------------------------------------------------------------------


def _items(table: str, expression: str, value: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = boto3.client("dynamodb").scan(
        TableName=os.environ[table],
        FilterExpression=expression,
        ExpressionAttributeValues={":v": {"S": value}},
    )["Items"]
    return items


def test_deleting_a_session_deletes_its_shares_and_comments(platform: Any, tmp_path: Path) -> None:
    # Given a reported session shared with a coach (and with include_future), commented on by both
    owner, coach = new_user(platform), new_user(platform)
    sid = streamed_session(platform, owner, tmp_path, count=1)
    share_session(owner, sid, email_of(coach))
    share_session(owner, sid, "future@example.com", include_future=True)
    for api in (owner, coach):
        assert post_comment(api, sid, 1.0, "A comment.").status_code == 201
    # When the owner deletes it
    assert owner.request("DELETE", f"/sessions/{sid}").status_code == 204
    # Then no share grants it, no comment is stored, and the coach no longer lists it
    assert _items("SHARES_TABLE", "contains(session_ids, :v)", sid) == []
    assert _items("CHUNKS_TABLE", "session_id = :v", sid) == []
    assert get_services().repos.comments.for_session(sid) == []
    assert coach.request("GET", "/coach/sessions").json()["sessions"] == []


def test_deleting_an_account_deletes_its_shares_and_the_comments_it_wrote(
    platform: Any, reported: tuple[ApiClient, ApiClient, str]
) -> None:
    owner, _, sid = reported
    # Given another user with an include_future share of their own, and a comment on the owner's session
    leaving = new_user(platform)
    user_id = leaving.request("GET", "/users/me").json()["user_id"]
    own = leaving.create_session()["session_id"]
    share_session(leaving, own, "their-coach@example.com", include_future=True)
    share_session(owner, sid, email_of(leaving))
    comment_id = post_comment(leaving, sid, 1.5, "From a reader who leaves.").json()["comment_id"]
    # When they delete their account
    assert leaving.request("DELETE", "/users/me").status_code == 204
    # Then their shares are gone, and so is the comment they wrote on someone else's session
    assert _items("SHARES_TABLE", "owner_id = :v", user_id) == []
    listed = owner.request("GET", f"/sessions/{sid}/comments").json()["comments"]
    assert comment_id not in {c["comment_id"] for c in listed}
    assert _items("CHUNKS_TABLE", "author_id = :v", user_id) == []
