"""Value-creation stories for the demo organisation: about 60, told over the last two years by members of the
demo communities, through the services people use (`tell_story`, `confirm_story`, `mark_ready`, `set_highlight`,
`return_story`, `send_due_followups`).

Each story is told "as of" a day in the last two years (the services' `now=` and `today=`), so reports over time
have data; a `Clock` moves the notifications the services wrote to the same moments. Most are reviewed ready by a
lead of their community and a few are highlights; two are returned with a question, a few still wait for review.
Some are aspirational, with a follow-up date now past (their tellers are reminded at the end, as the daily command
would), and two tell what happened next after an earlier one. Four were written on a colleague's behalf: two
confirmed, two still waiting (one of them for the demo member, Priya Sharma, who also has two stories of her own).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.demo_data import LEAD, LEAD_COMMUNITY, MEMBER
from copse.communities.models import Community, Membership, Role, Visibility
from copse.core.demo_history import Clock, at_work
from copse.discussions.models import Thread
from copse.events.models import Event

from .models import Audience, StoryStatus, Valence, ValueCycle, ValueStory
from .services import stories as services
from .services.stories import StepText
from .services.story_followups import send_due_followups

STORIES = 60


@dataclass(frozen=True)
class Plot:
    """A story that could be told: its titles, and what happened at each cycle (by cycle key)."""

    titles: tuple[str, ...]
    steps: dict[str, str]
    fits: tuple[str, ...] = ()  # words in the names of the communities it belongs to; none: any community
    hopes: str = ""


PLOTS = (
    Plot(
        ("A quicker month-end close", "Two days off the month-end", "Reconciling before the rush"),
        {
            "immediate": "At the drop-in session a colleague from the Faculty of Science walked me through the "
            "checklist her team uses in the last week of the month. It was reassuring to hear they had the same "
            "problems with late journals.",
            "potential": "I came away with her checklist, adapted it for our ledger codes and shared it in the "
            "community's files so others could use it.",
            "applied": "We now reconcile the suspense accounts weekly instead of leaving them to the final two days, "
            "and accruals are agreed with budget holders a week earlier.",
            "realised": "Our close went from six working days to four over the next quarter, and the number of "
            "correcting journals after close halved.",
            "transformative": "Finance leadership adopted a four-day close as the target for every faculty, with the "
            "checklist as the standard way of getting there.",
        },
        fits=("Finance", "Procurement", "Research Funding"),
        hopes="Take the weekly reconciliation to the Research Finance team and see whether it works for grants.",
    ),
    Plot(
        ("Getting grant overheads right", "Costing a bid without the panic"),
        {
            "immediate": "I asked in the community how to cost estates and indirect charges on a UKRI bid, and had "
            "three helpful answers within a morning.",
            "potential": "The thread turned into a short worked example, now pinned, that new research administrators "
            "are pointed to.",
            "applied": "I used the worked example for two bids the following month and the academics said the "
            "budget conversation was the easiest they had had.",
            "realised": "Both bids went in on time with no queries from the funder about costs.",
            "transformative": "The research office now offers the worked example to every department, and costing "
            "support is planned into bid timelines rather than requested at the last minute.",
        },
        fits=("Research", "Finance", "Knowledge Exchange"),
    ),
    Plot(
        ("A calmer clearing week", "Clearing with fewer handovers"),
        {
            "immediate": "Hearing how the Admissions team ran their clearing call rota gave me ideas and, honestly, "
            "made me feel less alone in dreading August.",
            "potential": "We wrote down a shared script for handing a caller from the hotline to a wellbeing adviser "
            "without them having to repeat their story.",
            "applied": "The script was used by all the call handlers during clearing, and advisers had the caller's "
            "notes before they picked up.",
            "realised": "Fewer callers were passed between teams more than once, and the complaints we usually get "
            "in September did not come.",
        },
        fits=("Student", "Careers", "Service Design"),
        hopes="Use the same handover script for the January resits and ask students how it felt.",
    ),
    Plot(
        ("Spotting students in difficulty sooner", "A shared view of students at risk"),
        {
            "immediate": "A case discussion with colleagues from three faculties helped me think through a "
            "difficult situation with a student I was supporting.",
            "potential": "We agreed a simple set of signs to look out for and who to tell, written on one page.",
            "applied": "Personal tutors in our school now use the page and refer earlier, with the student's "
            "agreement.",
            "realised": "Referrals to the wellbeing service arrive about two weeks earlier in the term than "
            "before.",
            "transformative": "The university's student support policy now names early referral as a measure of "
            "success, not only how many cases are closed.",
        },
        fits=("Student", "Wellbeing", "Casework"),
    ),
    Plot(
        ("Fewer lost hours on the estates helpdesk", "Better fault reports from buildings"),
        {
            "immediate": "The session on reporting faults was the first time I had met the people who actually "
            "go out to fix them.",
            "potential": "Together we drafted a better fault form, with photographs and the room's asset number.",
            "applied": "Building managers across the campus switched to the new form in the spring.",
            "realised": "Engineers now make fewer wasted visits: the repeat visits for the same fault dropped by "
            "about a third.",
            "transformative": "Estates now measures the helpdesk by faults fixed first time rather than by tickets "
            "closed.",
        },
        fits=("Health and Safety", "Sustainability", "Project"),
    ),
    Plot(
        ("Switching off for the summer", "Heating empty buildings less"),
        {
            "immediate": "The community's walk-round of the library out of hours was eye-opening: lights and "
            "heating on in empty floors.",
            "potential": "We built a shared list of the buildings with the worst out-of-hours energy use, from the "
            "meter data.",
            "applied": "Estates changed the heating schedules for six buildings over the summer vacation.",
            "realised": "Gas use in those buildings fell by 18% compared with the summer before.",
            "transformative": "The Net Zero plan now includes vacation schedules as a standard measure, owned by "
            "each building manager.",
        },
        fits=("Sustainability", "Health and Safety"),
        hopes="Do the same for the Christmas closure and compare the meter readings in January.",
    ),
    Plot(
        ("A smoother Windows 11 rollout", "Laptops rebuilt without the tears"),
        {
            "immediate": "I asked the champions for tips on moving a department that relies on an old finance "
            "add-in, and got a workaround the same day.",
            "potential": "We wrote a short guide to the apps that needed testing before a department could move.",
            "applied": "Our IT partners used the guide to plan the rollout in the School of Law.",
            "realised": "The School moved in a week with only two calls to the service desk.",
        },
        fits=("Windows", "Power BI", "Web"),
    ),
    Plot(
        ("One dashboard instead of five spreadsheets", "Reporting that people actually read"),
        {
            "immediate": "The show-and-tell on Power BI gave me the confidence to try building something myself.",
            "potential": "I learned how to connect to the data warehouse, and the community's template saved me "
            "days.",
            "applied": "Our team's monthly report is now a dashboard that budget holders open themselves.",
            "realised": "Budget holders stopped asking for ad hoc extracts, which saved the team about a day a "
            "month.",
        },
        fits=("Power BI", "Finance", "Research Data"),
    ),
    Plot(
        ("A fairer recruitment panel", "Interviews that felt less like a test"),
        {
            "immediate": "The discussion about inclusive interviewing made me rethink how I open a panel.",
            "potential": "We put together a short guide for panel chairs: questions shared in advance, breaks, and "
            "how to score consistently.",
            "applied": "I chaired three panels with the guide, and sent the questions to candidates a day ahead.",
            "realised": "Candidates told us the interviews felt fairer, and two strong applicants from outside "
            "the sector accepted offers.",
            "transformative": "HR has written sharing questions in advance into the recruitment policy for "
            "professional services roles.",
        },
        fits=("Equality", "Line Managers", "Coaching", "Apprenticeships"),
    ),
    Plot(
        ("New line managers, less alone", "Starting out as a manager"),
        {
            "immediate": "As a new manager, just hearing others describe their first difficult conversation was a "
            "relief.",
            "potential": "I now have three people I can message when something comes up that I have not faced "
            "before.",
            "applied": "I used what I learned to hold my team's probation reviews on time and with proper notes.",
            "realised": "All four probation reviews in my team were completed on time for the first time.",
        },
        fits=("Line Managers", "Coaching", "Apprenticeships"),
    ),
    Plot(
        ("Answering subject access requests on time", "Fewer late data requests"),
        {
            "immediate": "I brought a tricky subject access request to the community and had advice from two "
            "colleagues who had handled similar ones.",
            "potential": "The advice became a checklist for searching email and shared drives, now in the "
            "community's library.",
            "applied": "Our department's data champions use the checklist for every request.",
            "realised": "Requests answered within the legal deadline went from about 70% to 95% in a year.",
            "transformative": "The records retention schedule was rewritten with the community's advice, so there "
            "is less to search in the first place.",
        },
        fits=("Information Governance", "Committee", "Research Data"),
    ),
    Plot(
        ("Clearer committee papers", "Papers people read before the meeting"),
        {
            "immediate": "The session on writing cover sheets was practical and good fun.",
            "potential": "We agreed a one-page cover sheet template with a 'what we ask you to decide' box.",
            "applied": "Three faculty boards now use the template for every paper.",
            "realised": "Meetings finish on time more often and fewer items are deferred for lack of "
            "information.",
        },
        fits=("Committee", "Internal Communications", "Project"),
    ),
    Plot(
        ("Accessible pages by default", "Our web pages, now readable by everyone"),
        {
            "immediate": "Watching a screen reader user try our pages in the community's session was humbling.",
            "potential": "We made a short checklist for headings, link text and document alternatives.",
            "applied": "The editors in my directorate check every page against it before publishing.",
            "realised": "Accessibility issues found by the audit tool on our site fell by half in six months.",
        },
        fits=("Web", "Service Design", "Internal Communications"),
    ),
    Plot(
        ("A quicker purchase order", "Buying without the back and forth"),
        {
            "immediate": "I asked how other schools raise purchase orders for small suppliers and got a tip about "
            "the framework agreement I did not know existed.",
            "potential": "We collected the common questions and answers in one place for school administrators.",
            "applied": "Our school office now uses the framework for most small purchases.",
            "realised": "Purchase orders for small suppliers take two days rather than a week.",
        },
        fits=("Procurement", "Finance"),
    ),
    Plot(
        ("Learning from a project that stalled", "What went wrong with the booking system"),
        {
            "immediate": "Talking openly about a project that did not go to plan was uncomfortable but useful.",
            "potential": "We wrote down what we would do differently: involve the service desk from the start, "
            "and test with real users.",
            "applied": "The next project in our area started with a user research week.",
            "realised": "Too early to say: the new system has only just gone live.",
        },
        hopes="See how the first term on the new system goes and share what we learn with the community.",
    ),
    Plot(
        ("Meeting colleagues across the university", "Knowing who to ask"),
        {
            "immediate": "I joined the monthly coffee and met people from teams I had only known as email "
            "addresses.",
            "potential": "I now know who to ask in Registry and in Estates when something crosses our boundaries.",
            "applied": "I sorted out a room booking clash in ten minutes by messaging someone I met there.",
        },
    ),
)

# Things do not always get better: what a step says when it made no difference, or made things worse.
NULL_TEXTS = (
    "We tried it for a term, but it made no real difference: the same delays came back as soon as the busy "
    "period started.",
    "I shared the guide with my team, but nobody had time to change how they work, so nothing changed.",
    "The idea was good, but the system we use could not support it, so we carried on as before.",
)
NEGATIVE_TEXTS = (
    "Honestly, it made things worse for a while: the new process added a step, and staff found it confusing "
    "until we simplified it.",
    "Moving the meeting online meant some colleagues on site stopped coming, and we lost their views.",
    "We rushed the change in before the busy period and it caused a backlog we are still clearing.",
)
# What tellers hope to do next, when their story's plot has no hope of its own.
HOPES = (
    "Share what we learned with another team and see whether it works for them.",
    "Run a short session for the wider community and ask who would like to try it.",
    "Ask our director to make it the standard way of working in the directorate.",
    "Try it again at the next busy period and compare the figures.",
    "Write it up for the staff newsletter and see who gets in touch.",
)
QUESTIONS = (
    "Could you say which teams saw the change, so we can ask them for the figures?",
    "Is there a document or page we could link as evidence for the applied step?",
)
STEP_COUNTS = (1, 2, 2, 3, 3, 3, 4, 4)


@dataclass
class Teller:
    community: Community
    person: User


@dataclass
class Counts:
    stories: int = 0
    ready: int = 0
    highlights: int = 0
    on_behalf: int = 0
    aspirational: int = 0
    communities: set[int] = field(default_factory=set)


def demo(*, seed: int) -> str:
    """About 60 stories across the enabled cycles and many communities; see the module's docstring."""
    rng = random.Random(seed)  # noqa: S311 - a demo, made the same each time, not a secret
    cycles = list(ValueCycle.objects.enabled())
    if not cycles:
        return "value stories: none (no cycle is switched on)"
    now = timezone.now()
    clock = Clock()
    with transaction.atomic():
        writer = _Writer(rng=rng, cycles=cycles, now=now, clock=clock)
        writer.tell_all()
        clock.apply()
        with clock.at(now, unread=True):
            reminded = send_due_followups(now)
        clock.apply()
    counts = writer.counts
    return (
        f"value stories: {counts.stories} in {len(counts.communities)} communities, {counts.ready} ready "
        f"for reporting ({counts.highlights} highlights), {counts.on_behalf} written on someone's behalf, "
        f"{counts.aspirational} aspirational ({reminded} tellers reminded to say what happened next)"
    )


class _Writer:
    def __init__(self, *, rng: random.Random, cycles: list[ValueCycle], now: datetime, clock: Clock) -> None:
        self.rng, self.cycles, self.now, self.clock = rng, cycles, now, clock
        self.counts = Counts()
        memberships = (
            Membership.objects.of_staff()
            .select_related("community", "person")
            .filter(community__status="active")
            .order_by("community__name", "pk")
        )
        self.members: dict[int, list[Membership]] = {}
        self.communities: dict[int, Community] = {}
        for membership in memberships:
            self.members.setdefault(membership.community_id, []).append(membership)
            self.communities[membership.community_id] = membership.community

    def leads_of(self, community: Community) -> list[User]:
        return [m.person for m in self.members.get(community.pk, []) if m.role == Role.LEAD]

    def first_lead(self, story: ValueStory) -> User | None:
        """A lead of the story's community other than its teller, to review it."""
        return next((p for p in self.leads_of(story.community) if p.pk != story.teller_id), None)

    def when(self, days_ago: float) -> datetime:
        return at_work(self.now - timedelta(days=days_ago), self.rng, before=self.now)

    def plot_for(self, community: Community) -> Plot:
        fitting = [p for p in PLOTS if any(word in community.name for word in p.fits)]
        generic = [p for p in PLOTS if not p.fits]
        return (
            self.rng.choice(fitting or generic)
            if fitting and self.rng.random() < 0.8
            else self.rng.choice(PLOTS)
        )

    def steps_of(self, plot: Plot) -> list[StepText]:
        """A run of 1–4 of the plot's steps, starting anywhere, for the cycles that are switched on; some made
        no difference or made things worse."""
        told = [c for c in self.cycles if c.key in plot.steps]
        if not told:
            told = self.cycles[:1]
        size = min(self.rng.choice(STEP_COUNTS), len(told))
        first = self.rng.randrange(0, len(told) - size + 1)
        steps = []
        for cycle in told[first : first + size]:
            text, valence = plot.steps.get(cycle.key, plot.steps[next(iter(plot.steps))]), Valence.POSITIVE
            roll = self.rng.random()
            if roll < 0.10 and cycle.position > 1:
                text, valence = self.rng.choice(NULL_TEXTS), Valence.NULL
            elif roll < 0.16 and cycle.position > 1:
                text, valence = self.rng.choice(NEGATIVE_TEXTS), Valence.NEGATIVE
            evidence = ""
            if self.rng.random() < 0.2:
                evidence = f"https://intranet.example.ac.uk/{cycle.key}/{self.rng.randrange(100, 999)}"
            steps.append(StepText(cycle=cycle, text=text, valence=valence, evidence=evidence))
        return steps

    def source(self, community: Community, told_at: datetime) -> dict[str, Thread | Event]:
        roll = self.rng.random()
        if roll < 0.35:
            threads = list(
                Thread.objects.filter(community=community, created_at__lt=told_at).order_by("-created_at")[:5]
            )
            return {"thread": self.rng.choice(threads)} if threads else {}
        if roll < 0.55:
            events = list(
                Event.objects.filter(
                    community=community, status=Event.Status.SCHEDULED, ends_at__lt=told_at
                ).order_by("-starts_at")[:3]
            )
            return {"event": self.rng.choice(events)} if events else {}
        return {}

    def tell(
        self,
        community: Community,
        teller: User,
        *,
        days_ago: float,
        written_by: User | None = None,
        aspirational: bool = False,
        follow_up_due: bool = True,
        follows: ValueStory | None = None,
        plot: Plot | None = None,
    ) -> ValueStory:
        plot = plot or self.plot_for(community)
        told_at = self.when(days_ago)
        hopes, follow_up_on = "", None
        if aspirational:
            hopes = plot.hopes or self.rng.choice(HOPES)
            # Due already (a date in the past now), or still to come.
            wait = (
                self.rng.randint(30, max(31, int(days_ago) - 5))
                if follow_up_due
                else int(days_ago) + self.rng.randint(20, 120)
            )
            follow_up_on = told_at.date() + timedelta(days=wait)
        audience = self.rng.choice(
            (Audience.LEADS, Audience.COMMUNITY, Audience.COMMUNITY, Audience.ORGANISATION)
        )
        if community.visibility == Visibility.PRIVATE and audience == Audience.ORGANISATION:
            audience = Audience.COMMUNITY  # a private community's stories stay within it
        with self.clock.at(told_at, unread=written_by is not None and days_ago < 30):
            story = services.tell_story(
                community,
                teller=teller,
                written_by=written_by,
                title=self.rng.choice(plot.titles),
                steps=self.steps_of(plot),
                audience=audience,
                may_quote=self.rng.random() < 0.6,
                hopes=hopes,
                follow_up_on=follow_up_on,
                follows=follows,
                today=told_at.date(),
                now=told_at,
                **({} if follows else self.source(community, told_at)),  # type: ignore[arg-type]  # thread or event
            )
        self.counts.stories += 1
        self.counts.communities.add(community.pk)
        self.counts.aspirational += bool(hopes)
        self.counts.on_behalf += written_by is not None
        return story

    def review(self, story: ValueStory, *, days_later: float, highlight: bool = False) -> None:
        reviewer = self.first_lead(story)
        if reviewer is None:
            reviewer = User.objects.filter(is_programme_team=True, is_active=True).order_by("pk").first()
        if reviewer is None:
            return
        reviewed_at = min(story.created_at + timedelta(days=days_later), self.now)
        with self.clock.at(reviewed_at):
            services.mark_ready(story, by=reviewer, now=reviewed_at)
            if highlight:
                services.set_highlight(story, by=reviewer, highlight=True)
        self.counts.ready += 1
        self.counts.highlights += highlight

    def tell_all(self) -> None:
        rng = self.rng
        personas = {u.email: u for u in User.objects.filter(email__in=[LEAD.email, MEMBER.email])}
        fbp = next((c for c in self.communities.values() if c.name == LEAD_COMMUNITY), None)
        member, lead = personas.get(MEMBER.email), personas.get(LEAD.email)
        finance_plot = PLOTS[0]
        if fbp is not None and member is not None:
            # The demo member's own: one ready and highlighted; one aspirational whose follow-up is due.
            first = self.tell(fbp, member, days_ago=300, plot=finance_plot)
            self.review(first, days_later=6, highlight=True)
            self.tell(fbp, member, days_ago=75, aspirational=True, plot=PLOTS[7])
            if lead is not None:
                # Written by the lead after an interview, waiting for the member to confirm it.
                self.tell(fbp, member, days_ago=4, written_by=lead, plot=PLOTS[1])
        pool = [
            Teller(self.communities[cid], m.person)
            for cid, rows in self.members.items()
            for m in rows
            if m.person.email not in (MEMBER.email,)
        ]
        by_community: dict[int, list[Teller]] = {}
        for teller in pool:
            by_community.setdefault(teller.community.pk, []).append(teller)
        community_ids = sorted(by_community)
        rng.shuffle(community_ids)
        stories: list[ValueStory] = []
        aspirations: list[ValueStory] = []
        left = STORIES - self.counts.stories
        for n in range(left):
            chosen = rng.choice(by_community[community_ids[n % len(community_ids)]])
            days_ago = 5 + 720 * rng.random() ** 1.4  # more of them lately, as the programme grew
            leads = [p for p in self.leads_of(chosen.community) if p.pk != chosen.person.pk]
            on_behalf = n in (7, 19, 33) and leads
            aspirational = rng.random() < 0.22
            story = self.tell(
                chosen.community,
                chosen.person,
                days_ago=days_ago,
                written_by=leads[0] if on_behalf else None,
                aspirational=aspirational,
                follow_up_due=rng.random() < 0.7,
            )
            if on_behalf and n != 33:
                confirmed_at = min(story.created_at + timedelta(days=2), self.now)
                with self.clock.at(confirmed_at):
                    story = services.confirm_story(story, by=chosen.person, now=confirmed_at)
            if story.status == StoryStatus.AWAITING_TELLER:
                continue
            stories.append(story)
            if aspirational and story.follow_up_on and story.follow_up_on < self.now.date():
                aspirations.append(story)
        # Two tellers told what happened next.
        for earlier in aspirations[:2]:
            days_ago = max((self.now.date() - earlier.follow_up_on).days - 3, 1)  # type: ignore[operator]
            later = self.tell(earlier.community, earlier.teller, days_ago=days_ago, follows=earlier)
            stories.append(later)
        # Reviews: most ready, a few highlights, two returned with a question, the newest few still waiting.
        stories.sort(key=lambda s: s.created_at)
        for i, story in enumerate(stories):
            recent = (self.now - story.created_at).days < 20
            if recent and rng.random() < 0.7:
                continue
            if i in (11, 29):
                returner = self.first_lead(story)
                if returner is not None:
                    with self.clock.at(min(story.created_at + timedelta(days=3), self.now), unread=True):
                        services.return_story(story, by=returner, question=QUESTIONS[i % 2])
                    continue
            self.review(story, days_later=rng.uniform(1, 14), highlight=rng.random() < 0.15)
