"""The demo's events as text: when each community meets, what its sessions are about, and the programme's events.

Plain tables read by `demo.py`; nothing here touches the database. Schedules follow each community's published
meeting cadence in `copse.communities.demo_data`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from .models import Audience, EventKind

MON, TUE, WED, THU, FRI = range(5)
LAST = -1


@dataclass(frozen=True)
class Schedule:
    """When and where a community meets: monthly on the `nth` weekday, or every `weeks` weeks."""

    weekday: int
    start: time
    minutes: int
    nth: int = 0  # 1 to 4, or LAST; 0 means every `weeks` weeks instead
    weeks: int = 4
    place: str = ""  # the room, for communities that meet in person
    online: bool = True
    capacity: int | None = None  # the room's size


@dataclass(frozen=True)
class Guest:
    name: str
    affiliation: str
    bio: str


@dataclass(frozen=True)
class Topic:
    kind: str
    title: str
    description: str
    audience: str = Audience.COMMUNITY
    guest: Guest | None = None


MEETUP, WEBINAR, WORKSHOP = EventKind.MEETUP, EventKind.WEBINAR, EventKind.WORKSHOP
ALL = Audience.ALL_STAFF

# One schedule or session to a paragraph reads better than the formatter's one value to a line.
# fmt: off
SCHEDULES: dict[str, Schedule] = {
    "Finance Business Partners": Schedule(WED, time(12, 30), 60, nth=2),
    "Procurement and Contract Management": Schedule(
        TUE, time(10), 90, weeks=13, place="Meeting Room 1, Finance Building", capacity=30
    ),
    "Line Managers' Network": Schedule(TUE, time(12, 30), 60, nth=1),
    "Coaching and Mentoring Practitioners": Schedule(
        THU, time(14), 90, weeks=6, place="Seminar Room 2, Staff Development Centre", online=False, capacity=24
    ),
    "Equality, Diversity and Inclusion Practitioners": Schedule(FRI, time(11), 60, nth=LAST),
    "Sustainability and Net Zero": Schedule(THU, time(13), 60, nth=2),
    "Health and Safety Coordinators": Schedule(
        WED, time(10), 120, weeks=13, place="Training Room, Estates Yard Offices", online=False, capacity=30
    ),
    "Power BI and Data Reporting": Schedule(WED, time(11), 45, weeks=2),
    "Project and Change Practitioners": Schedule(TUE, time(14), 60, nth=3),
    "Service Design and User Research": Schedule(MON, time(12), 60, nth=1),
    "Student Wellbeing Practitioners": Schedule(
        TUE, time(9), 60, weeks=2, place="Room 1.12, Student Services Centre", online=False, capacity=25
    ),
    "Student Casework and Conduct Officers": Schedule(THU, time(10), 60, nth=3),
    "Careers and Employability Network": Schedule(MON, time(10), 60, nth=2),
    "Research Funding and Costing": Schedule(WED, time(10), 60, nth=LAST),
    "Knowledge Exchange and Impact": Schedule(
        THU, time(14), 90, weeks=9, place="The Enterprise Hub, Innovation Centre", online=False, capacity=40
    ),
    "Research Data Management": Schedule(THU, time(11), 60, nth=1),
    "Web Content and Digital Accessibility": Schedule(WED, time(12, 30), 45, nth=3),
    "Internal Communications Network": Schedule(TUE, time(11), 60, weeks=6),
    "Information Governance and Data Protection": Schedule(WED, time(14), 90, weeks=13),
}
DEFAULT_SCHEDULE = Schedule(WED, time(12, 30), 60, nth=2)

# Sessions on a subject, each held once; the other sessions are the community's regular ones (GENERIC).
TOPICS: dict[str, list[Topic]] = {
    "Finance Business Partners": [
        Topic(WEBINAR, "Driver-based forecasting: what we learnt in the first year",
              "Two faculty business partners show how they moved from line-by-line forecasts to a handful of "
              "drivers, and what the deans made of it."),
        Topic(WORKSHOP, "Presenting figures to non-finance colleagues",
              "Bring one slide you have used with a budget holder. In small groups we will rework them so the "
              "message lands in thirty seconds."),
        Topic(MEETUP, "Planning round: comparing notes before the deadline",
              "A short check-in on where each faculty is with the planning submission, the common sticking "
              "points and who can help."),
        Topic(WEBINAR, "Business cases that get approved",
              "What the Finance Committee looks for, the questions that come up every time, and how to answer "
              "them in the paper rather than in the meeting.",
              guest=Guest("Margaret Ellison", "Finance Committee member and former Director of Finance, "
                          "Pennine Universities Shared Services",
                          "Margaret spent twenty years in university finance and now sits on the committee as "
                          "an independent member.")),
        Topic(MEETUP, "Year-end: what we would do differently",
              "What went well at year-end, what did not, and what we would like to ask the Financial "
              "Reporting team for next time."),
    ],
    "Procurement and Contract Management": [
        Topic(WORKSHOP, "Writing a specification suppliers can price",
              "Work through a real (anonymised) specification together and turn vague wishes into "
              "requirements a supplier can cost and we can score."),
        Topic(WEBINAR, "The Procurement Act in practice",
              "What has changed in our tenders since the Procurement Act 2023 came in: notices, the new "
              "procedures and what suppliers are asking about."),
        Topic(MEETUP, "Social value in tenders: scoring it fairly",
              "How different teams weight and score social value, and how to check suppliers deliver what "
              "they promised."),
    ],
    "Line Managers' Network": [
        Topic(WEBINAR, "Wellbeing conversations that go beyond “how are you?”",
              "An HR business partner and a staff wellbeing coordinator share simple ways to open a real "
              "conversation about wellbeing, and where to point people for support."),
        Topic(MEETUP, "Probation reviews: getting the first six months right",
              "Managers compare how they set objectives, give early feedback and handle a probation that is "
              "not going well."),
        Topic(WEBINAR, "Flexible working requests: the law and our policy",
              "What the day-one right to request flexible working means for managers, with worked examples "
              "and time for questions to the HR team.", audience=ALL),
        Topic(WORKSHOP, "Difficult conversations: a practice session",
              "Practise a difficult conversation in threes, using scenarios from real (anonymised) cases, "
              "with a coach on hand for feedback."),
    ],
    "Coaching and Mentoring Practitioners": [
        Topic(MEETUP, "Group supervision",
              "Confidential group supervision for practising coaches: bring a coaching situation you would "
              "like to think through with peers."),
        Topic(WORKSHOP, "Peer practice: contracting at the start of a coaching relationship",
              "Practise the first conversation with a new coachee: confidentiality, goals, and what happens "
              "when a line manager asks how it is going."),
        Topic(WEBINAR, "Becoming a mentor in this year's mentoring scheme",
              "What the mentoring scheme asks of mentors, how pairs are matched, and what makes the first "
              "meeting go well.", audience=ALL),
    ],
    "Equality, Diversity and Inclusion Practitioners": [
        Topic(WEBINAR, "Athena Swan: what the panel told us",
              "The team behind our latest Athena Swan submission share the panel's feedback and what it means "
              "for departments preparing theirs."),
        Topic(WORKSHOP, "Equality impact assessments that change decisions",
              "Take a policy you are working on and test it with a short assessment, so the findings shape "
              "the decision instead of being filed after it."),
        Topic(MEETUP, "Inclusive recruitment: anonymised shortlisting one year on",
              "What the pilot showed, what panels found hard, and whether to roll it out further."),
        Topic(WEBINAR, "Planning accessible events",
              "Rooms, captions, dietary needs, quiet spaces and invitations that ask the right questions: a "
              "practical checklist for anyone organising an event.", audience=ALL),
    ],
    "Sustainability and Net Zero": [
        Topic(WEBINAR, "Where our carbon comes from",
              "The energy manager explains this year's carbon footprint, what is changing on the road to net "
              "zero and where staff can make the most difference.", audience=ALL),
        Topic(MEETUP, "Green champions' swap shop",
              "Champions share one thing that worked in their team (and one that did not), from printing to "
              "business travel."),
        Topic(WORKSHOP, "Sustainable procurement: asking suppliers the right questions",
              "With the procurement team: which questions about carbon and packaging make a difference, and "
              "how to score the answers."),
        Topic(WEBINAR, "Staff travel: the cycle scheme, car sharing and bus passes",
              "Everything on offer to get to work without a car, and how the new travel plan affects parking.",
              audience=ALL),
    ],
    "Health and Safety Coordinators": [
        Topic(WORKSHOP, "Risk assessments people actually read",
              "Rewrite a real risk assessment so the controls are clear to the people doing the work, not "
              "just to an auditor."),
        Topic(MEETUP, "Learning from this term's incidents",
              "The health and safety advisers walk through this term's reported incidents and near misses and "
              "what changed as a result."),
        Topic(WORKSHOP, "Fire warden refresher",
              "A refresher for local fire wardens, with the debrief from the last evacuation drill."),
    ],
    "Power BI and Data Reporting": [
        Topic(MEETUP, "Show and tell: the student recruitment dashboard",
              "The Admissions data team show how they built the daily recruitment dashboard and what they "
              "would do differently."),
        Topic(WEBINAR, "DAX measures without the tears",
              "A gentle walk through the measures most reports need, with a sample file to download."),
        Topic(WORKSHOP, "Making Power BI reports accessible",
              "Colour contrast, alt text, reading order and keyboard use: fix up a report of your own during "
              "the session."),
        Topic(MEETUP, "Show and tell: a self-service budget report",
              "Finance show the budget report budget holders now use instead of monthly spreadsheets."),
        Topic(WEBINAR, "What is new in the data warehouse this term",
              "The data engineering team on the new data sets, what is being retired and how to ask for "
              "access."),
    ],
    "Project and Change Practitioners": [
        Topic(WEBINAR, "Benefits realisation: showing a project was worth it",
              "How to agree benefits at the start that you can still measure a year after the project closes."),
        Topic(MEETUP, "Lessons learned from the student records upgrade",
              "The project team share what went well and what they would change, in the hope the next big "
              "upgrade avoids the same pitfalls."),
        Topic(WORKSHOP, "Stakeholder mapping for change that sticks",
              "Map the people affected by a change you are planning and decide how to involve each group."),
    ],
    "Service Design and User Research": [
        Topic(WORKSHOP, "Running your first user interviews",
              "Plan and practise a short interview with a colleague playing the user, with tips on asking "
              "open questions and taking notes."),
        Topic(MEETUP, "Show and tell: redesigning the accommodation application",
              "How the accommodation team used research with students to halve the number of questions on "
              "the form."),
        Topic(WEBINAR, "Service blueprints for professional services",
              "What a service blueprint is, when it is worth drawing one, and examples from two university "
              "services.",
              guest=Guest("Dr Leila Moradi", "Head of Service Design, University of Eastmoor",
                          "Leila leads a small service design team that has redesigned enrolment, "
                          "accommodation and IT support at Eastmoor.")),
    ],
    "Student Wellbeing Practitioners": [
        Topic(MEETUP, "Case discussion: supporting students in crisis out of hours",
              "An anonymised case to think through together: who does what after 5pm, and where the gaps are."),
        Topic(WEBINAR, "Working with the NHS mental health liaison team",
              "How referrals to and from the local NHS team work, and how to get a quicker answer when it "
              "matters.",
              guest=Guest("Sam Okonkwo", "Mental Health Liaison Nurse, City and District NHS Trust",
                          "Sam works between the trust's crisis team and the city's two universities.")),
        Topic(MEETUP, "Exam season: getting ready together",
              "Plans for drop-ins, extra appointments and messages to students in the run-up to exams."),
    ],
    "Student Casework and Conduct Officers": [
        Topic(MEETUP, "Case review: complaints that reached the OIA",
              "What the Office of the Independent Adjudicator said about our recent cases, and what we "
              "changed."),
        Topic(WORKSHOP, "Writing decision letters that are clear and fair",
              "Rewrite an outcome letter together so a student can follow the reasons and knows what to do "
              "next."),
        Topic(MEETUP, "Academic misconduct and generative AI",
              "How each faculty is handling suspected use of AI tools, and how to keep outcomes consistent."),
    ],
    "Careers and Employability Network": [
        Topic(WEBINAR, "Graduate Outcomes data: what it tells us about our courses",
              "The planning team walk through this year's Graduate Outcomes results by faculty."),
        Topic(MEETUP, "Employer engagement: sharing contacts without overwhelming them",
              "How we coordinate approaches to employers so they hear from us once, not five times."),
        Topic(WORKSHOP, "Supporting international students into UK work",
              "Visa routes, employer worries and how to prepare students for applications."),
    ],
    "Research Funding and Costing": [
        Topic(WEBINAR, "Full economic costing: a refresher",
              "The basics of fEC for newer colleagues, and the questions academics ask most often."),
        Topic(MEETUP, "Horizon Europe bids: what has changed for us",
              "Eligibility, costing and audit for Horizon Europe now that the UK is associated again."),
        Topic(WORKSHOP, "Costing a large collaborative bid together",
              "Work through the budget of a five-partner bid, from staff costs to partner finance forms."),
    ],
    "Knowledge Exchange and Impact": [
        Topic(WORKSHOP, "Building impact case studies early",
              "Start gathering evidence of impact while the project is running, not in the year before the "
              "deadline."),
        Topic(WEBINAR, "Knowledge Transfer Partnerships: a how-to",
              "How a partnership with a business works, who pays for what, and the timetable from first "
              "conversation to start.",
              guest=Guest("Rachel Bowen", "Knowledge Transfer Adviser, Innovate UK",
                          "Rachel has supported more than forty partnerships between universities and "
                          "businesses in the north of England.")),
    ],
    "Research Data Management": [
        Topic(WEBINAR, "Data management plans reviewers like",
              "What funders expect in a data management plan, with good and not-so-good examples."),
        Topic(WORKSHOP, "Depositing data in the repository",
              "A hands-on session: bring a data set and leave with it deposited, described and citable."),
        Topic(MEETUP, "Sensitive data: storage options compared",
              "The options for storing and sharing sensitive research data, and how to choose between them."),
    ],
    "Web Content and Digital Accessibility": [
        Topic(WEBINAR, "Accessibility basics for everyone who edits web pages",
              "Headings, link text, images and documents: the five things that make the biggest difference, "
              "and how to check them.", audience=ALL),
        Topic(WORKSHOP, "Writing for the web: a plain English clinic",
              "Bring a page you look after and rewrite it with help, so it answers readers' questions first."),
        Topic(WORKSHOP, "Testing with a screen reader",
              "An introduction to testing pages with a screen reader, with a tester who uses one every day.",
              guest=Guest("Helen Quigley", "Independent accessibility consultant",
                          "Helen is a screen reader user and has tested university websites for ten years.")),
    ],
    "Internal Communications Network": [
        Topic(MEETUP, "Planning the all-staff briefings calendar",
              "Agree the dates and themes for next term's all-staff briefings, so messages do not collide."),
        Topic(WORKSHOP, "Writing for the staff newsletter",
              "Short, clear stories people read to the end: headlines, first lines and pictures."),
    ],
    "Information Governance and Data Protection": [
        Topic(WEBINAR, "Subject access requests: doing them well and on time",
              "How to find, review and redact what a person asked for within the month the law allows."),
        Topic(WORKSHOP, "Data protection impact assessments for new systems",
              "Work through an assessment for a new system together, from data flows to risks and actions."),
        Topic(WEBINAR, "Data breaches: what to report and when",
              "What counts as a personal data breach, who to tell straight away and what happens next.",
              audience=ALL),
    ],
}

# The community's regular sessions. `{month}` is the month the session falls in.
GENERIC: list[Topic] = [
    Topic(MEETUP, "{month} meet-up",
          "Our regular get-together: news from around the community, a short talk from one of us and time for "
          "questions. New members are very welcome."),
    Topic(MEETUP, "{month} drop-in",
          "An informal drop-in: bring a question, a problem you are stuck on or something that worked."),
    Topic(WEBINAR, "Lunch and learn ({month})",
          "A short talk from one of our members on something they have tried, then questions. Bring your lunch."),
    Topic(MEETUP, "Show and tell ({month})",
          "Short slots for members to show something they have been working on, with time for questions after "
          "each."),
]
# fmt: on
CORE_PLANNING = Topic(
    MEETUP,
    "Core team planning ({month})",
    "Leads and core members plan the next few sessions, look at what members asked for and agree who will host.",
    audience=Audience.CORE,
)

SUMMARIES = (
    "{count} of us came. We agreed two actions, which are in the notes in the community's Teams channel, and "
    "the next session picks up where we left off.",
    "A good turnout ({count} people) and a lively discussion. The main points are written up in the channel; "
    "thank you to everyone who shared their own examples.",
    "Thanks to the {count} people who joined. Several asked for a follow-up session, which we will schedule "
    "for next term.",
    "{count} colleagues took part. We agreed to collect examples from every team before the next meeting and "
    "to invite a speaker from another university.",
)
INTERNAL_BIOS = (
    "{first} works in {department} and has led this work in their team for the past year.",
    "{first} joined {department} two years ago and volunteered to share what the team has learnt.",
    "{first} is one of the community's core members and works in {department}.",
)

INTERVIEW = Topic(
    EventKind.LIVE_INTERVIEW,
    "Live interview: what made communities of practice work at two other universities",
    "Amara Okafor from the programme team talks to two guests who have built thriving communities of "
    "practice in university professional services: how they started, what they would do differently, and "
    "how they showed the value to senior leaders. Send questions in advance or ask them live in the chat.",
    audience=ALL,
)
INTERVIEW_GUESTS = (
    Guest(
        "Professor Joanna Reeve",
        "Pro-Vice-Chancellor for Professional Services, University of Westmoor",
        "Joanna set up Westmoor's staff communities programme in 2019 and chairs its People and Culture "
        "Committee. She writes about how informal networks help large organisations change.",
    ),
    Guest(
        "Kwame Asante",
        "Head of Organisational Development, Northbridge University",
        "Kwame's team supports more than thirty communities of practice across Northbridge's professional "
        "services. Before that he ran clinical networks in the NHS.",
    ),
)
INTERVIEW_SUMMARY = (
    "Joanna and Kwame agreed that the communities that last have a clear purpose and a lead with time set "
    "aside for it in their job. Both advised measuring value with stories as well as numbers, and starting "
    "small: four communities done well beat twenty started at once. The recording and the questions we did "
    "not have time for are linked below."
)
CELEBRATION = Topic(
    EventKind.CELEBRATION,
    "Communities of practice celebration and awards",
    "An afternoon to celebrate what our communities have achieved this year, with short stories from "
    "members, the first community awards and refreshments. Everyone is welcome, whether or not you belong to "
    "a community yet.",
    audience=ALL,
)
CELEBRATION_PLACE = "Great Hall, Main Building"
CELEBRATION_CANCEL_REASON = (
    "We are very sorry: the Great Hall is closed for urgent repairs to its ceiling and no other room of that "
    "size is free this term. We will find a new date, and everyone registered will hear about it first."
)
OPEN_SESSION = Topic(
    EventKind.WEBINAR,
    "Starting a community of practice in your area: an open session",
    "Thinking about starting a community, or reviving one that has gone quiet? The programme team explain how "
    "proposals work, what support leads get and what the first three months usually look like, and a current "
    "lead shares what they learnt.",
    audience=ALL,
)
FULL_WORKSHOP_COMMUNITY = "Line Managers' Network"
FULL_WORKSHOP = Topic(
    WORKSHOP,
    "Managing hybrid teams well: an in-person workshop",
    "A practical morning for line managers: agreeing team habits for office and home days, keeping new "
    "starters connected, and noticing when someone is struggling. Places are limited so we can work in small "
    "groups; join the waiting list if it is full and we will tell you if a place comes up.",
)
FULL_WORKSHOP_PLACE = "Seminar Room 2, Staff Development Centre"
