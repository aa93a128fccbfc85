"""A group that sets its council and follows it, an admin's upload, the alert, and a restart with no repeat;
the deployment's default council; /national and /list. The bot runs as its own process against the fake
Bot API, over the bundled letters about Northamptonshire."""

from __future__ import annotations

import asyncio
import re
import shutil

import pytest
import pytest_asyncio

from tests.bot_harness import DOCUMENTS, BotProcess, bot_message
from tests.fake_telegram import FakeTelegram
from tests.test_national import HAVERING_2023

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

LETTER = """# Monitoring visit to Northamptonshire Children's Trust

Published: 2 March 2026

The seventh monitoring visit took place on 3 and 4 February 2026.

Inspectors found that plans for children in care are now reviewed on time.
"""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    async with FakeTelegram() as server:
        yield server


@pytest.fixture(scope="module")
def people(fake):
    return {
        "admin": fake.user("Ada the admin"),
        "chair": fake.user("Chris the chair"),
        "member": fake.user("Mo"),
    }


@pytest.fixture(scope="module")
def group(fake, people):
    chat = fake.group("Children's services leads")
    fake.set_member(chat, people["chair"], "administrator")
    fake.set_member(chat, people["member"], "member")
    return chat


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("chat")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake, people, folder):
    shutil.copytree(DOCUMENTS, folder / "documents")
    (folder / "documents" / "2024-01-22 Havering inspection.txt").write_text(HAVERING_2023)
    process = BotProcess(
        fake,
        folder,
        admins=[people["admin"]["id"]],
        env={"BOT_ALERT_CHECK_SECONDS": "1", "BOT_DEFAULT_COUNCIL": "north northamptonshire"},
    )
    await process.start()
    yield process
    await process.stop()


async def say(fake, chat, user, text, timeout=30):
    fake.send_text(chat, user, text)
    return (await bot_message(fake, chat, timeout=timeout))["text"]


async def test_a_chat_without_its_own_council_has_the_deployments_default(fake, people, bot):
    chat = fake.private_chat(people["member"])
    assert await say(fake, chat, people["member"], "/council") == (
        "This chat's council is North Northamptonshire (the deployment's default). Send /council NAME to set the "
        "council this chat is about (for example /council Bolton), /council none to clear it."
    )
    status = await say(fake, chat, people["member"], "/status")
    assert "North Northamptonshire" in status


async def test_in_a_group_only_its_administrators_set_the_council(fake, people, group, bot):
    assert (
        await say(fake, group, people["member"], "/council Bolton")
        == "Only this group's administrators may set this chat's council."
    )
    assert any(
        c.method == "getChatMember" and int(c.params["user_id"]) == people["member"]["id"]
        for c in fake.calls
    )
    assert (await say(fake, group, people["chair"], "/council west northamptonshire")).startswith(
        "This chat's council is now West Northamptonshire"
    )
    assert (await say(fake, group, people["member"], "/council")).startswith(
        "This chat's council is West Northamptonshire."
    )
    assert (await say(fake, group, people["chair"], "/council Nowhereshire")).startswith(
        "I do not know"
    )


async def test_following_then_an_upload_alerts_the_group_once_even_across_a_restart(
    fake, people, group, bot
):
    assert (
        await say(fake, group, people["member"], "/follow Bury")
    ) == "Only this group's administrators may choose which councils this chat follows."
    assert (await say(fake, group, people["chair"], "/follow West Northamptonshire")).startswith(
        "Following West Northamptonshire"
    )
    assert (
        await say(fake, group, people["member"], "/following")
        == "This chat follows: West Northamptonshire."
    )
    await asyncio.sleep(2.5)  # the first look at the index notes what it already holds
    admin_chat = fake.private_chat(people["admin"])
    since = fake.mark()
    fake.send_document(
        admin_chat, people["admin"], "monitoring-visit-2026.md", LETTER.encode(), "text/plain"
    )
    # The group may first be told of an overdue expectation (⏰, from the check at start): wait for the 🔔.
    call = await fake.wait_for_call(
        "sendMessage",
        lambda c: (
            c.params.get("chat_id") == group["id"]
            and c.status == 200
            and c.result["text"].startswith("🔔")
        ),
        timeout=90,
        since=since,
    )
    alert = call.result["text"]
    assert alert.startswith(
        "🔔 New document about West Northamptonshire: Monitoring visit to Northamptonshire "
        "Children's Trust (2 March 2026)"
    )
    assert "7th monitoring visit: 3 and 4 February 2026 [1]" in alert
    assert "[1] Monitoring visit to Northamptonshire Children's Trust (2 March 2026)" in alert
    alerts = [m for m in fake.messages(group) if m["text"].startswith("🔔")]
    assert len(alerts) == 1

    assert await bot.stop() == 0, bot.logs()
    await bot.start()
    await asyncio.sleep(4)  # several checks after the restart
    assert [m for m in fake.messages(group) if m["text"].startswith("🔔")] == alerts
    assert (await say(fake, group, people["member"], "/council")).startswith(
        "This chat's council is West Northamptonshire."
    )  # kept across the restart
    assert (
        await say(fake, group, people["member"], "/following")
        == "This chat follows: West Northamptonshire."
    )


async def test_national_sends_a_chart_with_the_count_and_the_date_and_list_names_each_council(
    fake, people, bot
):
    chat = fake.private_chat(people["member"])
    fake.send_text(chat, people["member"], "/national")
    call = await fake.wait_for_call(
        "sendPhoto", lambda c: c.params.get("chat_id") == chat["id"], timeout=30
    )
    assert call.files["photo"].data.startswith(b"\x89PNG")
    # Havering's letter, and Northamptonshire's 2019 inspection (the bundled news release) for its two successors.
    assert call.result["caption"].startswith(
        "3 councils by overall grade at their latest full inspection, as of "
    )
    assert "inadequate 3" in call.result["caption"]
    listed = await say(fake, chat, people["member"], "/list inadequate")
    assert listed.startswith(
        "3 of the 3 councils with an overall grade are rated inadequate overall at their latest "
        "full inspection"
    )
    assert "Havering: inadequate (13 – 24 November 2023) [1]" in listed
    assert re.search(r"^\[1\] [^\n]*Havering[^\n]* \(22 January 2024\), ", listed, re.M), listed
    assert (await say(fake, chat, people["member"], "/list tallest")).startswith("I can list:")


async def test_our_questions_and_follow_ups_in_a_private_chat(fake, people, bot):
    chat = fake.private_chat(people["chair"])
    assert (await say(fake, chat, people["chair"], "/council havering")).startswith(
        "This chat's council is now Havering"
    )
    ours = await say(fake, chat, people["chair"], "whats our grade")
    assert ours.startswith("Havering: Inadequate overall"), ours
    assert "13 to 24 November 2023" in ours
    led = await say(fake, chat, people["chair"], "who led it?")
    assert led.startswith("(Havering"), led  # says what it assumed
    assert (
        "led by Test" in led
    )  # the letter names its lead "Test Inspector"; "Inspector" is a title
    other = await say(fake, chat, people["chair"], "and west northamptonshire?")
    assert "Havering" not in other.split("\n")[0], other  # a council named starts afresh


async def test_national_charts_one_judgement_and_says_which_it_can(fake, bot):
    user = fake.user("Nat")  # a user of their own: a chart counts three against the limit
    chat = fake.private_chat(user)
    fake.send_text(chat, user, "/national care leavers")
    call = await fake.wait_for_call(
        "sendPhoto",
        lambda c: c.params.get("chat_id") == chat["id"] and "care leavers" in c.params["caption"],
        timeout=30,
    )
    assert call.files["photo"].data.startswith(b"\x89PNG")
    caption = call.result["caption"]
    assert caption.startswith("3 councils by their care leavers grade at their latest full")
    # Havering's letter judged children in care and care leavers together: that one counts
    assert "inadequate 1 (33%)" in caption and "not judged 2 (67%)" in caption
    assert (await say(fake, chat, user, "/national tallest")).startswith(
        "Send /national for councils by overall grade"
    )


async def test_brief_is_one_picture_then_one_message_with_its_sources(fake, bot):
    user = fake.user("Bree")
    chat = fake.private_chat(user)
    fake.send_text(chat, user, "/brief")  # the deployment's council
    photo = await fake.wait_for_call(
        "sendPhoto",
        lambda c: (
            c.params.get("chat_id") == chat["id"]
            and c.params["caption"].startswith("Inspection brief")
        ),
        timeout=30,
    )
    assert photo.files["photo"].data.startswith(b"\x89PNG")
    assert photo.result["caption"].startswith("Inspection brief: North Northamptonshire, as of ")
    text = (await bot_message(fake, chat, timeout=30))["text"]
    assert text.startswith("North Northamptonshire: Inadequate overall [1] at the full inspection")
    assert "Sources\n[1] Cabinet member report - Ofsted monitoring visit July 2021" in text
    # the newest document cited (an admin's upload earlier in this module may be the newest)
    assert re.search(r"\n\nAs of \d{1,2} \w+ 20\d\d\.", text), text
    assert (await say(fake, chat, user, "/brief cornwall")).startswith(
        "I hold no documents about Cornwall"
    )


async def test_two_people_in_a_group_keep_their_own_follow_ups_and_share_its_council(
    fake, people, bot
):
    """Each person's "who led it?" follows their own last question; the group's council is
    everyone's "our"."""
    chat = fake.group("Scrutiny members")
    ann = fake.user("Ann")
    fake.set_member(chat, people["chair"], "administrator")
    fake.set_member(chat, people["member"], "member")
    fake.set_member(chat, ann, "member")
    assert (await say(fake, chat, people["chair"], "/council havering")).startswith(
        "This chat's council is now Havering"
    )
    ours = await ask_in(fake, chat, people["member"], "@test_bot whats our grade")
    assert "Havering" in ours["text"] and "Inadequate" in ours["text"], ours["text"]
    theirs = await ask_in(fake, chat, ann, "@test_bot when was northamptonshire judged inadequate")
    assert "Northamptonshire" in theirs["text"] and "June 2019" in theirs["text"], theirs["text"]
    # Mo's follow-up is about Havering, though Ann asked about Northamptonshire since
    mine = await ask_in(fake, chat, people["member"], "who led it?", reply_to=ours)
    assert "was led by Test" in mine["text"], mine["text"]
    # Ann's is about Northamptonshire, whose documents name no lead inspector
    hers = await ask_in(fake, chat, ann, "who led it?", reply_to=theirs)
    assert "led by Test" not in hers["text"] and "Havering" not in hers["text"], hers["text"]
    assert "Northamptonshire" in hers["text"], hers["text"]
    # someone who has asked nothing yet: "our" is the group's council
    chair = await ask_in(fake, chat, people["chair"], "@test_bot when were we last inspected")
    assert "13 to 24 November 2023" in chair["text"], chair["text"]


async def ask_in(fake, chat, user, text, reply_to=None, timeout=30):
    """Send ``text`` (a reply to ``reply_to`` when given) and return the bot's reply to it."""
    sent = fake.send_text(chat, user, text, reply_to=reply_to)["message"]
    while True:
        message = await bot_message(fake, chat, timeout=timeout)
        if message.get("reply_to_message", {}).get("message_id") == sent["message_id"]:
            return message
