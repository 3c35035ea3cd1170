"""Discussions for the demo organisation: threads of every kind, replies, answers and reactions.

`seed_demo` runs `extend_demo` (registered in apps.py) after `copse.communities.demo` has built the organisation, so the
communities app never imports this one. The same seed gives the same threads, all written in one transaction.

Everything is planned in memory first, then written through the services people use (`start_thread`, `reply`,
`edit_post`, `accept_answer`, `moderate_thread`, `toggle_reaction`, `flag_post`), with `notify=False`: six
months of history is not news to everyone. The services stamp the present moment, so one bulk update afterwards
moves each row to its planned time, and `Thread.recount` then derives the threads' counters from those times.

Posts are written in working hours (`copse.core.demo_history.at_work`, with a few exceptions), and each
community's questions are answered by members from its heart: people whose job the community is about
(`copse.communities.demo_data.FITS`). What the personas are told is what the worker would have told them: for
threads a persona has posted in, every reply; every post that mentions someone; and every thread started in the
last week. For those the demo runs the notification task's work at once (`Task.call`), and the clock moves the
notifications to the post's time, read unless they are from the last few days. The member persona's own story
(`MEMBER_QUESTION`, `MENTION` in demo_data) happens in those days.

Random choices of people go through `rng.choices`, which draws one number whatever the size of the list, so
the sequence of draws (and with it every title, kind and count) stays the same even if a person's eligibility
differed by the second or two between the two builds' clocks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.demo_data import FITS, LEAD, LEAD_COMMUNITY, MEMBER
from copse.communities.models import LISTED, ORGANISERS, Community, Membership, Role, Status
from copse.core.demo_history import Clock, at_work, in_working_hours

from . import services, tasks
from .demo_data import (
    FOLLOW_UPS,
    GENERAL,
    MEMBER_QUESTION,
    MEMBER_QUESTION_COMMUNITY,
    MENTION,
    MENTION_COMMUNITY,
    REACTIONS,
    REPLIES,
    SPECIFIC,
    Topic,
)
from .models import Kind, ModerationAction, Post, Reaction, Thread

WINDOW = timedelta(days=183)  # threads are spread over the last six months of a community's activity
THREADS = (6, 12)
EXTRA_KINDS: dict[str, int] = {
    Kind.DISCUSSION: 3,
    Kind.HELP: 4,
    Kind.SUCCESS: 1,
    Kind.CHALLENGE: 1,
    Kind.IDEA: 2,
}
REPLY_RANGE: dict[str, tuple[int, int]] = {
    Kind.DISCUSSION: (2, 8),
    Kind.HELP: (1, 5),
    Kind.SUCCESS: (1, 5),
    Kind.CHALLENGE: (1, 7),
    Kind.IDEA: (1, 6),
    Kind.ANNOUNCEMENT: (0, 3),
}
UNANSWERED_SHARE = 0.2  # of help requests, besides the one kept waiting in the lead persona's community
ACCEPTED_SHARE = 0.65  # of answered help requests
PINNED_SHARE = 0.3  # of announcements
REACTED_SHARE = 0.55  # of posts
EDITED_SHARE = 0.06
MAX_REPLIES = 8
BATCH = 500
NEWS = timedelta(days=7)  # threads started this recently were news: their community's members were told
UNREAD = timedelta(days=4)  # notifications this recent are not read yet
STORY = (
    timedelta(days=3.5),
    timedelta(days=1),
)  # the member persona's story: from so long ago to so long ago
PERSONAS = (LEAD.email, MEMBER.email)  # whose threads' replies were news to them
MEMBER_MENTION = f"@{MEMBER.name}"  # how colleagues mention the member persona: by name


@dataclass(frozen=True)
class _Member:
    pk: int
    role: str
    joined: datetime
    first_name: str
    department: str
    is_lead_persona: bool
    fit: str | None = None  # how their job fits the community: "heart", "wider", "exception"
    email: str = ""

    @property
    def is_persona(self) -> bool:
        return self.email in PERSONAS

    @property
    def weight(self) -> int:
        """How likely this person is to post: leads and core members are the most active."""
        return 3 if self.role in ORGANISERS else 1


@dataclass
class _Post:
    author: _Member
    at: datetime
    body: str
    edited_at: datetime | None = None


@dataclass
class _Thread:
    community: Community
    topic: Topic
    title: str
    posts: list[_Post] = field(default_factory=list)
    answer: int | None = None  # index of the accepted answer in `posts`
    pinned: bool = False
    locked: bool = False


def extend_demo(*, seed: int) -> str:
    """Add discussions to every listed community of the demo; returns a one-line summary."""
    with transaction.atomic():
        return _Seeder(random.Random(seed)).seed()  # noqa: S311 - a demo, not a secret


class _Seeder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = timezone.now()
        self.threads: list[_Thread] = []
        self.clock = Clock()  # what people were told, moved to when they were told

    def seed(self) -> str:
        communities = list(Community.objects.filter(status__in=LISTED).order_by("pk"))
        members = self._members()
        for community in communities:
            if members.get(community.pk):
                self._plan(community, members[community.pk])
        self._plan_member_story(communities, members)
        posts, reactions = self._write()
        flagged = self._flag_a_reply()
        return (
            f"Added {len(self.threads)} discussion threads with {posts:,} posts and {reactions:,} reactions "
            f"to {len(communities)} communities, and {flagged} reported post for the moderators."
        )

    def _flag_a_reply(self) -> int:
        """One reply in the lead persona's community waits in the moderation queue, reported by a member."""
        opening = Post.objects.filter(thread=OuterRef("thread")).order_by("created_at", "id").values("pk")[:1]
        reply = (
            Post.objects.filter(thread__community__name=LEAD_COMMUNITY)
            .exclude(author__email=LEAD.email)
            .exclude(pk=Subquery(opening))
            .order_by("pk")
            .first()
        )
        if reply is None:
            return 0
        reporter = (
            Membership.objects.current()
            .filter(community__name=LEAD_COMMUNITY, role=Role.MEMBER)
            .exclude(person=reply.author_id)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .first()
        )
        if reporter is None:
            return 0
        reason = "This reads as dismissive of another team's work. Could a lead take a look?"
        services.flag_post(reply, person=User.objects.get(pk=reporter), reason=reason)
        return 1

    def _members(self) -> dict[int, list[_Member]]:
        rows = (
            Membership.objects.current()
            .filter(person__is_active=True)
            .order_by("community_id", "person_id")
            .values_list(
                "community_id",
                "community__name",
                "person_id",
                "role",
                "joined_at",
                "person__name",
                "person__email",
                "person__person__department__name",
                "person__person__job_title",
                "person__person__job_family__name",
            )
        )
        members: dict[int, list[_Member]] = {}
        for community, community_name, pk, role, joined, name, email, department, title, family in rows:
            first = name.split()[0] if name else "there"
            fit = FITS.get(community_name)
            how = fit.of(department=department or "", title=title or "", family=family or "") if fit else None
            member = _Member(
                pk, role, joined, first, department or "our team", email == LEAD.email, how, email or ""
            )
            members.setdefault(community, []).append(member)
        return members

    # Planning: everything decided in memory first, in a fixed order, from the one random sequence.

    def _pick(self, people: list[_Member], fallback: list[_Member]) -> _Member:
        pool = people or fallback
        return self.rng.choices(pool, weights=[person.weight for person in pool])[0]

    def _present(self, members: list[_Member], at: datetime, *, but: _Member | None = None) -> list[_Member]:
        return [m for m in members if m.joined <= at and m is not but]

    def _topics(self, community: Community) -> list[Topic]:
        """The community's own topics, then general ones until every kind is covered and the count is reached."""
        rng = self.rng
        topics = list(SPECIFIC.get(community.name, ()))
        unused = {kind: rng.sample(pool, len(pool)) for kind, pool in GENERAL.items()}
        for kind in Kind.values:
            if unused[kind] and all(topic.kind != kind for topic in topics):
                topics.append(unused[kind].pop())
        # The personas' story adds its threads to these communities, within the same number of threads.
        story = [MEMBER_QUESTION_COMMUNITY, MENTION_COMMUNITY].count(community.name)
        wanted = rng.randint(*THREADS) - story
        kinds, weights = list(EXTRA_KINDS), list(EXTRA_KINDS.values())
        while len(topics) < wanted and any(unused[kind] for kind in kinds):
            kind = rng.choices(kinds, weights=weights)[0]
            if unused[kind]:
                topics.append(unused[kind].pop())
        return topics

    def _plan(self, community: Community, members: list[_Member]) -> None:
        rng = self.rng
        end = self._end(community)
        start = end - WINDOW
        waiting = community.name == LEAD_COMMUNITY  # keep one help request there unanswered, for the demo
        topics = self._topics(community)
        for topic in topics:
            unanswered = topic.kind == Kind.HELP and (waiting or rng.random() < UNANSWERED_SHARE)
            if topic.closing:
                opened = end - timedelta(days=rng.uniform(3, 10))
            elif topic.recent:
                opened = end - timedelta(days=rng.uniform(5, 12))
            elif unanswered:
                opened = end - timedelta(days=rng.uniform(0.2, 4 if waiting else 30))
            else:
                opened = start + (end - start - timedelta(days=1)) * rng.random()
            waiting = waiting and not unanswered
            opened = at_work(opened, rng, before=end - timedelta(minutes=30))
            thread = _Thread(community, topic, topic.title.format(community=community.name))
            present = self._present(members, opened)
            if topic.kind == Kind.ANNOUNCEMENT:
                leads = [m for m in members if m.role in ORGANISERS]
                persona = [m for m in leads if m.is_lead_persona]
                author = persona[0] if persona else self._pick(self._present(leads, opened), leads)
                thread.pinned = topic.closing or rng.random() < PINNED_SHARE
            else:
                author = self._pick(present, members)
            thread.locked = topic.closing
            thread.posts.append(_Post(author, opened, topic.body.format(community=community.name)))
            low, high = REPLY_RANGE[topic.kind]
            count = 0 if unanswered else rng.randint(low, high)
            self._reply(thread, members, count, end)
            self.threads.append(thread)

    def _reply(self, thread: _Thread, members: list[_Member], count: int, end: datetime) -> None:
        """Add up to `count` replies at increasing times, stopping at the end of the community's activity.

        A help request's answer (its topic's first reply) comes first or second, and is often accepted; the
        asker may then say thanks.
        """
        rng = self.rng
        topic = thread.topic
        asker = thread.posts[0].author
        others = [m for m in members if m is not asker]
        own = list(topic.replies)
        generic = rng.sample(REPLIES[topic.kind], len(REPLIES[topic.kind]))
        answer_at = 0 if count < 2 or rng.random() < 0.7 else 1
        latest = end - timedelta(minutes=5)
        at = thread.posts[0].at
        for position in range(count):
            at += timedelta(hours=rng.uniform(0.3, 30) if position == 0 else 0.1 + rng.expovariate(1 / 14))
            at = at_work(at, rng, before=latest)
            if at > latest or at <= thread.posts[-1].at or not others:
                break
            previous = thread.posts[-1].author
            answering = topic.kind == Kind.HELP and position == answer_at and bool(own)
            present = self._present(others, at, but=previous)
            if answering:  # someone whose job the community is about answers its questions
                present = [m for m in present if m.fit == "heart"]
            experts = [m for m in others if m.fit == "heart"] or others
            speaker = self._pick(present, experts if answering else others)
            if answering:
                body = own.pop(0)
                if rng.random() < ACCEPTED_SHARE:
                    thread.answer = len(thread.posts)
            elif own and (topic.kind != Kind.HELP or position > answer_at):
                body = own.pop(0)
            elif generic:
                body = generic.pop()
            else:
                break
            thread.posts.append(_Post(speaker, at, self._fill(body, thread, speaker)))
        if thread.answer is not None and rng.random() < 0.5 and len(thread.posts) <= MAX_REPLIES:
            at = at_work(thread.posts[-1].at + timedelta(hours=rng.uniform(0.2, 20)), rng, before=latest)
            if thread.posts[-1].at < at <= latest:
                thread.posts.append(_Post(asker, at, rng.choice(FOLLOW_UPS)))
        for post in thread.posts:
            if rng.random() < EDITED_SHARE:
                post.edited_at = min(post.at + timedelta(minutes=rng.uniform(2, 90)), end)

    def _fill(self, body: str, thread: _Thread, speaker: _Member) -> str:
        author = thread.posts[0].author.first_name
        return body.format(
            author=author,
            community=thread.community.name,
            department=speaker.department,
            member=MEMBER_MENTION,
        )

    def _plan_member_story(self, communities: list[Community], members: dict[int, list[_Member]]) -> None:
        """The member persona's last few days: they asked for help in their second community and someone whose
        job it is answered (accepted, with thanks), then a colleague added a tip; in their first, the lead
        persona mentioned them and someone agreed. All of it in working hours of the last few days."""
        rng = self.rng
        by_name = {community.name: community for community in communities}
        question, mention = by_name.get(MEMBER_QUESTION_COMMUNITY), by_name.get(MENTION_COMMUNITY)
        if question is None or mention is None:
            return
        # Seven moments, in order: the question, its answer, the mention thread, the thanks, the mention, the
        # tip, the agreement.
        moments = iter(self._working_moments(7, self.now - STORY[0], self.now - STORY[1]))
        people = members.get(question.pk, [])
        asker = next((m for m in people if m.email == MEMBER.email), None)
        experts = [m for m in people if m.fit == "heart" and not m.is_persona]
        if asker is None or len(experts) < 2:
            return
        asked = _Thread(question, MEMBER_QUESTION, MEMBER_QUESTION.title)
        asked.posts.append(_Post(asker, next(moments), MEMBER_QUESTION.body))
        expert, colleague = rng.sample(experts, 2)
        answer, tip = MEMBER_QUESTION.replies
        asked.posts.append(_Post(expert, next(moments), self._fill(answer, asked, expert)))
        asked.answer = 1
        self.threads.append(asked)
        people = members.get(mention.pk, [])
        lead = next((m for m in people if m.email == LEAD.email), None)
        authors = [m for m in people if m.fit == "heart" and not m.is_persona]
        if lead is None or len(authors) < 2:
            asked.posts.append(_Post(asker, next(moments), rng.choice(FOLLOW_UPS)))
            return
        opener, agreeing = rng.sample(authors, 2)
        mentioned = _Thread(mention, MENTION, MENTION.title)
        mentioned.posts.append(_Post(opener, next(moments), MENTION.body))
        asked.posts.append(_Post(asker, next(moments), rng.choice(FOLLOW_UPS)))
        mentioned.posts.append(_Post(lead, next(moments), self._fill(MENTION.replies[0], mentioned, lead)))
        asked.posts.append(_Post(colleague, next(moments), self._fill(tip, asked, colleague)))
        mentioned.posts.append(
            _Post(agreeing, next(moments), self._fill(MENTION.replies[1], mentioned, agreeing))
        )
        self.threads.append(mentioned)

    def _working_moments(self, count: int, start: datetime, end: datetime) -> list[datetime]:
        """`count` moments in working hours between `start` and `end`, in order (always the same number of
        draws, so the other choices do not depend on the time the demo is built)."""
        span = end - start
        drawn = sorted(start + span * self.rng.random() for _ in range(count * 8))
        working = [moment for moment in drawn if in_working_hours(moment)]
        if len(working) < count:  # too few working hours in the span: the next working ones after each
            working = sorted(at_work(moment, self.rng) for moment in drawn[:count])
        return sorted(self.rng.sample(working, count))

    # Writing: through the services, in the planned order; then every row moved to its planned time.

    def _write(self) -> tuple[int, int]:
        reactors = self._reactors()
        ids = {post.author.pk for plan in self.threads for post in plan.posts}
        people = User.objects.in_bulk(ids | {pk for members in reactors.values() for pk in members})
        posts: list[Post] = []
        planned: list[_Post] = []
        threads: list[Thread] = []
        for plan in self.threads:
            opening = plan.posts[0]
            thread = services.start_thread(
                plan.community,
                author=people[opening.author.pk],
                kind=plan.topic.kind,
                title=plan.title,
                body=opening.body,
                notify=False,
            )
            if opening.at > self.now - NEWS:
                later = any(step.author.is_persona for step in plan.posts[1:])
                with self.clock.at(opening.at, unread=opening.at > self.now - UNREAD and not later):
                    tasks.notify_about_thread.call(thread.pk)
            written = [thread.posts.get()]
            followed = any(step.author.is_persona for step in plan.posts)
            for position, step in enumerate(plan.posts[1:], start=1):
                post = services.reply(thread, author=people[step.author.pk], body=step.body, notify=False)
                written.append(post)
                if followed or MEMBER_MENTION in step.body:
                    # Read by now if it is old, or if a persona posted in the thread after it.
                    later = any(after.author.is_persona for after in plan.posts[position + 1 :])
                    with self.clock.at(step.at, unread=step.at > self.now - UNREAD and not later):
                        tasks.notify_about_reply.call(post.pk)
            for post, step in zip(written, plan.posts, strict=True):
                if step.edited_at is not None:
                    services.edit_post(post, body=step.body)
            if plan.answer is not None:
                services.accept_answer(thread, post=written[plan.answer])
            moderator = people[opening.author.pk]
            if plan.pinned:
                services.moderate_thread(thread, by=moderator, action=ModerationAction.Action.PIN)
            if plan.locked:
                services.moderate_thread(thread, by=moderator, action=ModerationAction.Action.LOCK)
            threads.append(thread)
            posts.extend(written)
            planned.extend(plan.posts)
        reactions = self._reactions(planned, reactors)
        for index, person, kind, _ in reactions:
            services.toggle_reaction(posts[index], person=people[person], kind=kind)
        self._back_date(threads, posts, planned, reactions)
        self.clock.apply()
        return len(posts), len(reactions)

    def _back_date(
        self,
        threads: list[Thread],
        posts: list[Post],
        planned: list[_Post],
        reactions: list[tuple[int, int, str, datetime]],
    ) -> None:
        """Move what the services wrote "now" to its planned time, in bulk (a handful of queries, not one per row),
        then let each thread recount its activity and first response from its posts' times."""
        for post, step in zip(posts, planned, strict=True):
            post.created_at = step.at
            post.edited_at = step.edited_at
            post.updated_at = step.edited_at or step.at
        Post.objects.bulk_update(posts, ["created_at", "edited_at", "updated_at"], batch_size=BATCH)
        for plan, thread in zip(self.threads, threads, strict=True):
            thread.created_at = plan.posts[0].at
            thread.updated_at = plan.posts[-1].at
        Thread.objects.bulk_update(threads, ["created_at", "updated_at"], batch_size=BATCH)
        for thread in threads:
            thread.recount()
        for plan, thread in zip(self.threads, threads, strict=True):
            if plan.pinned or plan.locked:
                ModerationAction.objects.filter(thread=thread).update(created_at=thread.updated_at)
        given = {(posts[index].pk, person, kind): at for index, person, kind, at in reactions}
        rows = list(Reaction.objects.filter(post__in=posts))
        for row in rows:
            row.created_at = given[row.post_id, row.person_id, row.kind]
        Reaction.objects.bulk_update(rows, ["created_at"], batch_size=BATCH)

    def _end(self, community: Community) -> datetime:
        """When the community's conversation stops: now, or when it went dormant."""
        if community.status == Status.ACTIVE:
            return self.now
        return min(self.now, community.status_changed_at)

    def _reactors(self) -> dict[int, list[int]]:
        """Current, active members of each community, by community, in a fixed order."""
        people: dict[int, list[int]] = {}
        for community, pk in (
            Membership.objects.current()
            .filter(person__is_active=True)
            .order_by("community_id", "person_id")
            .values_list("community_id", "person_id")
        ):
            people.setdefault(community, []).append(pk)
        return people

    def _reactions(
        self, planned: list[_Post], people: dict[int, list[int]]
    ) -> list[tuple[int, int, str, datetime]]:
        """Some posts get a few reactions from other members (an accepted answer always gets "helpful"): each as
        (index of the post in `planned`, person, kind, when)."""
        rng = self.rng
        reactions: list[tuple[int, int, str, datetime]] = []
        index = 0
        for plan in self.threads:
            members = people[plan.community.pk]
            kinds, weights = zip(*REACTIONS[plan.topic.kind], strict=True)
            end = self._end(plan.community)
            for position in range(len(plan.posts)):
                planned_post = planned[index]
                index += 1
                is_answer = position == plan.answer
                if not (is_answer or rng.random() < REACTED_SHARE):
                    continue
                given: set[tuple[int, str]] = set()
                for person in rng.choices(members, k=rng.randint(2, 6) if is_answer else rng.randint(1, 4)):
                    kind = (
                        Reaction.Kind.HELPFUL if is_answer and not given else rng.choices(kinds, weights)[0]
                    )
                    if person == planned_post.author.pk or (person, kind) in given:
                        continue
                    given.add((person, kind))
                    at = planned_post.at + min(end - planned_post.at, timedelta(days=7)) * rng.random()
                    at = max(at_work(at, rng, before=end), planned_post.at)
                    reactions.append((index - 1, person, kind, at))
        return reactions
