"""What the demo communities talk about: thread topics, replies and reactions, written for `demo.py`.

Plain tables; nothing here touches the database. Bodies are Markdown. Topics in `GENERAL` may name the
community as `{community}`; replies may also use `{author}` (the first name of whoever started the thread) and
`{department}` (the replier's own department).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Kind, Reaction


@dataclass(frozen=True)
class Topic:
    kind: str
    title: str
    body: str
    replies: tuple[str, ...] = ()  # said first, in order; for a help request the first is the answer
    closing: bool = False  # the community's last word before it went quiet: posted last, pinned and locked
    recent: bool = False  # started in the last fortnight, so there is something new to read


DISCUSSION, HELP, SUCCESS, CHALLENGE = Kind.DISCUSSION, Kind.HELP, Kind.SUCCESS, Kind.CHALLENGE
IDEA, ANNOUNCEMENT = Kind.IDEA, Kind.ANNOUNCEMENT

SPECIFIC: dict[str, tuple[Topic, ...]] = {
    "Finance Business Partners": (
        Topic(
            HELP,
            "Apportioning shared service costs across faculties: headcount or floor space?",
            "The School of Health wants its share of central costs recalculated before the planning round. "
            "We currently apportion everything by **student FTE**, which they say penalises a school with "
            "lots of placements.\n\nHas anyone moved to a mix of drivers? I'd like to know:\n\n"
            "- which drivers you used for which cost pools\n- how you explained the change to heads of school\n"
            "- whether you ran old and new side by side for a year",
            (
                "We moved to a blend two years ago: **estates costs by floor space**, IT by staff headcount and "
                "student services by student FTE. We ran both models in parallel for one year and showed each "
                "head of school the difference as a single line. Here is [the paper we took to Finance Committee]"
                "(https://example.org/sites/finance/cost-apportionment-2024) if it helps.",
            ),
        ),
        Topic(
            HELP,
            "Which version of the Q2 reforecast template is the current one?",
            "I have three copies of the reforecast workbook in my downloads and they differ on the pay award "
            "assumption. Which one should faculties be using?",
            (
                "It's **v3.2** on the [Finance SharePoint](https://example.org/sites/finance/reforecast). v3.1 still "
                "had the 3% pay award in it; v3.2 uses 1.4% for the rest of the year, as agreed at Executive Board.",
                "Worth deleting the old copies from Teams too: I found v2 still pinned in one faculty channel.",
            ),
        ),
        Topic(
            DISCUSSION,
            "Presenting a deficit budget to a head of school who isn't a finance person",
            "I've got a meeting next week where I need to explain why a school's budget shows a deficit even "
            "though their income went up. Tables of variances haven't landed before.\n\nWhat do you do? I'm "
            "thinking of one chart (income against pay costs over five years) and **three sentences**, with "
            "the detail in an appendix.",
            recent=True,
        ),
        Topic(
            SUCCESS,
            "Business case for four lab technician posts approved first time",
            "Good news from Life Sciences: the business case for four technician posts went through Planning "
            "Group without being sent back. What made the difference:\n\n1. We costed the *risk* of not "
            "recruiting (overtime and agency spend) alongside the posts\n2. The head of school presented "
            "it, not us\n3. We kept it to four pages\n\nThanks to everyone who read drafts in last month's "
            "session.",
        ),
        Topic(
            CHALLENGE,
            "Year-end timetable is squeezing the planning round again",
            "With year-end close moving a week earlier, our first planning meetings with faculties now land "
            "in the same fortnight as the audit fieldwork. Is anyone else struggling with this, and has "
            "anyone managed to move their planning meetings without losing the faculty slots?",
            recent=True,
        ),
        Topic(
            ANNOUNCEMENT,
            "Planning round 2026/27: key dates and what has changed",
            "The [planning timetable for 2026/27](https://example.org/finance/planning) is now published.\n\n"
            "**What's new this year**\n\n- Faculties submit a three-year view, not five\n- Capital bids go "
            "through the new investment form\n- Pay costs come pre-loaded from the HR system\n\nWe'll go "
            "through it at our next session. Bring questions.",
        ),
    ),
    "Procurement and Contract Management": (
        Topic(
            HELP,
            "Can we direct award a £40k software renewal under the Procurement Act?",
            "A department wants to renew a specialist survey platform for another three years, about £40k in "
            "total. Under the old rules we'd have done a single-source justification. What's the position "
            "now the new Act is in force?",
            (
                "Short version: you may not need a direct award at all. Below the threshold it's our own "
                "**Financial Regulations** that apply, so a single-quote waiver signed off by the budget holder "
                "and the Head of Procurement is enough. Procurement have a "
                "[flowchart for the new Act](https://example.org/procurement/act-guide).",
            ),
        ),
        Topic(
            CHALLENGE,
            "Suppliers not returning their social value reporting",
            "Several contracts awarded with a 10% social value weighting are now a year in, and only two "
            "suppliers have sent their quarterly reports. How are others following this up without "
            "souring the relationship?",
        ),
        Topic(
            SUCCESS,
            "Saved 18% on the catering supplies mini-competition",
            "We ran our first mini-competition through the consortium framework and the winning bid came in "
            "**18% below** the previous contract, with better delivery slots. Happy to share the "
            "specification and scoring grid.",
        ),
        Topic(
            DISCUSSION,
            "How are you handling the new notices on Find a Tender?",
            "The number of notices we now have to publish is catching us out, particularly the contract "
            "change notices. Do you have one person who publishes everything, or does each buyer do their "
            "own?",
        ),
    ),
    "Line Managers' Network": (
        Topic(
            HELP,
            "Flexible working request: how long do I have to respond?",
            "One of my team has put in a request to compress their hours into four days. I want to give it "
            "proper thought. What's the deadline these days, and do I have to meet them first?",
            (
                "Since April 2024 you have **two months** from receiving the request to give a decision, "
                "including any appeal, and you must consult them before you refuse. They can make two requests "
                "in any 12 months. HR have "
                "[guidance and letter templates](https://example.org/hr/flexible-working).",
            ),
        ),
        Topic(
            HELP,
            "Phased return after long-term sickness absence",
            "A member of my team is coming back after four months off. Occupational Health has suggested a "
            "phased return, but I'm not sure who agrees the plan or how pay works during it.",
            (
                "You agree the plan with them, using the OH recommendations; your HR adviser can join the "
                "meeting. Under our policy a phased return of up to four weeks is on **full pay**. Keep a "
                "note of the agreed hours and review them weekly.",
            ),
        ),
        Topic(
            DISCUSSION,
            "Running one-to-ones with a hybrid team",
            "Half my team is on campus three days a week and half mostly at home. I've slipped into doing "
            "one-to-ones on Teams for everyone. Do you deliberately do some in person?",
        ),
        Topic(
            SUCCESS,
            "Probation check-ins at three months made a real difference",
            "We added an informal check-in at three months for new starters, on top of the formal reviews. "
            "Two people raised workload worries early that we would otherwise only have heard at six months.",
        ),
        Topic(
            IDEA,
            "A buddy scheme for newly appointed managers",
            "What about pairing each new manager with someone from this network in another service for "
            "their first six months? Nothing formal: a coffee once a month and someone to ask the "
            "questions you don't want to ask your own manager.",
        ),
    ),
    "Coaching and Mentoring Practitioners": (
        Topic(
            DISCUSSION,
            "Contracting with a coachee who works in your own department",
            "I've been asked to coach someone in a neighbouring team. We're bound to meet in other settings. "
            "How do you handle confidentiality and boundaries when you contract in a case like this?",
        ),
        Topic(
            HELP,
            "Reading for the ILM Level 5 reflective log",
            "I'm starting the ILM Level 5 in Coaching and Mentoring. Which books did you find most useful for "
            "the reflective log?",
            (
                "*The Coaching Habit* is an easy start, but for the log I leaned on Nancy Kline's *Time to "
                "Think* and Clutterbuck on mentoring. The library has copies; here is [the reading list from our "
                "last cohort](https://example.org/od/coaching-reading).",
            ),
        ),
        Topic(
            SUCCESS,
            "Mentoring scheme cohort 4: 38 pairs matched",
            "Cohort 4 of the professional services mentoring scheme is under way with **38 pairs**, our "
            "largest yet. Thank you to everyone who volunteered as a mentor.",
        ),
        Topic(
            IDEA,
            "Triad practice between our meetings",
            "Six weeks is a long gap. Would people be up for triads (coach, coachee, observer) for 45 minutes "
            "in between? I'll set up a sign-up sheet if there's interest.",
        ),
    ),
    "Equality, Diversity and Inclusion Practitioners": (
        Topic(
            HELP,
            "When should the equality impact assessment for a restructure start?",
            "We're at the very early stage of a restructure in our service. HR say we need an equality "
            "impact assessment, but we don't yet know the structure. Is it too early?",
            (
                "Not too early: start it **now** and update it at each stage. An EIA done at the end can only "
                "describe a decision; done early it can change it. Use the "
                "[EIA template and guidance](https://example.org/edi/eia).",
            ),
        ),
        Topic(
            CHALLENGE,
            "Low response to the equality monitoring refresh",
            "Only about a third of staff have updated their equality information since the campaign "
            "started, and far fewer in operational roles. Any tips for reaching people who aren't at a desk?",
        ),
        Topic(
            SUCCESS,
            "Athena Swan Bronze renewal submitted for Engineering",
            "The School of Engineering's renewal went in on Friday. Huge thanks to the self-assessment team "
            "and to everyone here who read the action plan.",
        ),
        Topic(
            IDEA,
            "A shared calendar of faith and cultural observances",
            "We could keep one calendar of observances, with a note on what they might mean for scheduling "
            "exams, events and deadlines, rather than each faculty maintaining its own.",
        ),
    ),
    "Sustainability and Net Zero": (
        Topic(
            IDEA,
            "A swap shop for office supplies before anyone buys new",
            "Every office move leaves cupboards of files, folders and stationery. A simple swap shop (a "
            "SharePoint list, perhaps) could keep a lot out of the skip. Who'd use it?",
        ),
        Topic(
            SUCCESS,
            "Freezer challenge: 14 ultra-low freezers turned up to -70°C",
            "The lab freezer challenge has finished. **Fourteen** ultra-low freezers were turned up from "
            "-80°C to -70°C, saving an estimated 38 MWh a year. Thank you to the technical teams.",
        ),
        Topic(
            HELP,
            "Calculating travel emissions for a conference we're hosting",
            "We're hosting a 200-delegate conference in June and the funder wants an estimate of travel "
            "emissions. Is there a university method or tool for this?",
            (
                "Use the travel survey in the events toolkit, then the government conversion factors. The "
                "[travel emissions calculator](https://example.org/sustainability/travel-calculator) "
                "does the sums if you give it distance and mode for each delegate.",
            ),
        ),
        Topic(
            DISCUSSION,
            "Is your team using the green IT guidance?",
            "The guidance on green IT (switching off monitors, fewer large attachments and so on) came out "
            "last year. Has anyone seen it change habits, or is it just another page on the intranet?",
        ),
    ),
    "Health and Safety Coordinators": (
        Topic(
            HELP,
            "Display screen assessments for people who mostly work from home",
            "Do home workers need the full DSE assessment, and who pays if they need a chair?",
            (
                "Yes, home workers complete the same online DSE assessment. If it flags a need, the department "
                "pays for equipment from the approved list. See "
                "[the DSE process](https://example.org/safety/dse).",
            ),
        ),
        Topic(
            CHALLENGE,
            "Getting the lone working procedure read by the evening cleaning teams",
            "Our evening cleaners rarely see email and the briefings happen when they're not on shift. How "
            "have others briefed people on lone working?",
        ),
        Topic(
            DISCUSSION,
            "Encouraging near-miss reporting without blame",
            "Our near-miss reports have dropped to almost nothing, and I doubt it's because nothing happens. "
            "How do you make reporting feel safe?",
        ),
        Topic(
            SUCCESS,
            "Fire warden rota finally full for the Library building",
            "After a year of gaps, every floor of the Library building has two trained fire wardens. We "
            "offered the training in short lunchtime slots and it made all the difference.",
        ),
    ),
    "Power BI and Data Reporting": (
        Topic(
            HELP,
            "Academic-year-to-date measure starting on 1 August",
            "My year-to-date measure resets on 1 January. How do I make it follow the academic year, "
            "1 August to 31 July?",
            (
                "Pass the year-end date as the third argument: `TOTALYTD([Income], 'Date'[Date], \"31/7\")`. "
                "Better still, add an *Academic Year* column to the date table and use it for slicers too.",
                'Watch the date format if your model locale isn\'t UK: "31/7" becomes ambiguous.',
            ),
        ),
        Topic(
            HELP,
            "Row-level security so heads of department only see their own staff",
            "I'm building a staffing report for heads of department. Can I stop each of them seeing the "
            "others' staff without making twenty versions?",
            (
                "Yes: row-level security with a role that filters the department table by "
                "`USERPRINCIPALNAME()` against a lookup table of heads. One report, one dataset. Test it with "
                "*View as* in Desktop before you publish.",
            ),
        ),
        Topic(
            SUCCESS,
            "Student recruitment dashboard now refreshes overnight from the warehouse",
            "We've moved the recruitment dashboard off the weekly spreadsheet export and onto the data "
            "warehouse. It refreshes at 6am, so admissions tutors see **yesterday's** applications.",
        ),
        Topic(
            DISCUSSION,
            "Accessible colour palettes for charts",
            "What palettes are people using that work for colour-blind readers and still look like the "
            "university's brand? The default Power BI theme fails a couple of contrast checks.",
        ),
        Topic(
            IDEA,
            "A certified dataset for staff FTE",
            "Several of us have built our own staff FTE model from the HR extract, with slightly different "
            "rules. Could we agree one certified dataset and all build on it?",
        ),
    ),
    "Project and Change Practitioners": (
        Topic(
            DISCUSSION,
            "Agile or waterfall for replacing the student records system?",
            "We're at business case stage for replacing the student records system. Suppliers talk about "
            "agile delivery, but our governance wants fixed milestones. How have others squared this?",
        ),
        Topic(
            HELP,
            "Template for a benefits realisation plan",
            "Does anyone have a benefits realisation plan template that isn't forty pages long?",
            (
                "The Portfolio Office has a two-page version: benefit, measure, baseline, owner and when to "
                "check. It's on [the templates page](https://example.org/pmo/templates/benefits). Pair "
                "it with the benefits map rather than replacing it.",
            ),
        ),
        Topic(
            CHALLENGE,
            "Change fatigue in teams with three new systems in a year",
            "The finance admin teams have had a new expenses system, a new purchasing system and a new "
            "timesheet in twelve months. They're tired, and the next change is coming. What have you done "
            "in a situation like this?",
        ),
        Topic(
            SUCCESS,
            "Lessons learnt from the expenses system go-live",
            "Our lessons learnt report from the expenses go-live is out. Main points:\n\n- Train "
            "approvers first, not claimants\n- Keep the old system read-only for three months\n- **Floor "
            "walkers** in the first week were worth every hour",
        ),
    ),
    "Service Design and User Research": (
        Topic(
            HELP,
            "Thanking students for usability testing without paying cash",
            "We want to run usability sessions with students for the new accommodation portal. What is the "
            "approved way to thank participants?",
            (
                "Use the participant voucher process: e-vouchers bought through Procurement, with a simple log "
                "of who received what. £15 for 45 minutes is typical. Details are in "
                "[the participant incentives guide](https://example.org/research/participant-incentives).",
            ),
        ),
        Topic(
            SUCCESS,
            "Journey mapping enrolment changed the welcome week plan",
            "Mapping the enrolment journey with twelve students showed that most problems came from "
            "**three emails arriving on the same day**. We've spread them out for September.",
        ),
        Topic(
            DISCUSSION,
            "Sharing research findings so they get read",
            "Our reports run to thirty pages and I suspect nobody reads past the summary. What formats have "
            "worked for you: short videos, one-page posters, show-and-tells?",
        ),
        Topic(
            IDEA,
            "One place for user research across the university",
            "Three teams interviewed the same students about timetabling last year. Could we keep a simple "
            "register of research under way, so we can share findings and spare participants?",
        ),
    ),
    "Student Wellbeing Practitioners": (
        Topic(
            DISCUSSION,
            "Managing waiting times in the weeks after reading week",
            "Demand always spikes after reading week. How are other teams triaging while keeping the first "
            "conversation within five working days?",
        ),
        Topic(
            HELP,
            "Support routes for students on placement outside the UK",
            "A student on a year abroad has got in touch and is struggling. What can we offer remotely, and "
            "who else should be involved?",
            (
                "We can offer remote appointments while they're registered with us, but check the time zone "
                "and local emergency numbers first. Bring in the Global Opportunities team and, with consent, "
                "the host university's support service. Follow "
                "[the study abroad checklist](https://example.org/wellbeing/study-abroad).",
            ),
        ),
        Topic(
            SUCCESS,
            "Drop-ins at the Students' Union doubled first contacts",
            "Holding drop-ins in the Students' Union building rather than our own offices doubled the number "
            "of students making first contact this term, especially first years.",
        ),
        Topic(
            CHALLENGE,
            "Supporting students under cost-of-living pressure",
            "More of our conversations now start with money worries. How are you linking up with the hardship "
            "fund and the money advice team without simply passing students on?",
        ),
    ),
    "Student Casework and Conduct Officers": (
        Topic(
            HELP,
            "Timescales when a Completion of Procedures letter is delayed",
            "A student's complaint has finished our internal stages, but the letter was delayed. Does the "
            "OIA deadline run from the decision or the letter?",
            (
                "It runs from the **date on the Completion of Procedures letter**: the student then has twelve "
                "months to go to the OIA. Issue the letter as soon as you can and note the reason for the delay "
                "on the case file.",
            ),
        ),
        Topic(
            DISCUSSION,
            "Consistent outcomes for misconduct involving AI tools",
            "We're seeing more cases where students have used AI tools. Outcomes across schools vary a lot. "
            "Should we be proposing a shared tariff to the Academic Integrity Group?",
        ),
        Topic(
            CHALLENGE,
            "Appeals backlog after the summer boards",
            "We have over ninety appeals open from the summer exam boards and two caseworkers on leave. How "
            "are others prioritising?",
        ),
        Topic(
            IDEA,
            "A shared bank of anonymised outcome letters",
            "Good outcome letters are hard to write. A small bank of anonymised examples would help new "
            "caseworkers get the tone and structure right.",
        ),
    ),
    "Careers and Employability Network": (
        Topic(
            HELP,
            "An employer wants to advertise an unpaid internship",
            "An employer has asked us to advertise a three-month unpaid internship with a small marketing "
            "agency. Can we?",
            (
                "No: we only advertise roles paid at least the **National Minimum Wage**, except genuine "
                "voluntary roles with charities. Reply pointing them to the "
                "[employer guidance on internships](https://example.org/careers/employers/internships), "
                "which explains how to make it a paid role.",
            ),
        ),
        Topic(
            SUCCESS,
            "Placement year uptake up a third in the Business School",
            "Placement year sign-ups in the Business School rose by a third after we moved the first "
            "information session into week three of first year.",
        ),
        Topic(
            IDEA,
            "Alumni mentors for first-generation students",
            "What about matching first-generation students with alumni who were the first in their family "
            "to go to university? The Development Office is keen.",
        ),
        Topic(
            DISCUSSION,
            "Embedding employability without adding modules",
            "Programme teams are wary of anything that looks like an extra module. What small changes have "
            "worked: reflective tasks, employer-set briefs, skills language in assessments?",
        ),
    ),
    "Research Funding and Costing": (
        Topic(
            HELP,
            "Directly incurred or directly allocated for a shared lab technician?",
            "A technician will work across three projects. Should their time be costed as directly "
            "incurred or directly allocated?",
            (
                "If you can evidence the actual hours against each project (timesheets, say), **directly "
                "incurred**. If it's a share of a pooled technician estimated from expected use, **directly "
                "allocated**. Most of our pooled technicians are DA; see the "
                "[costing guide](https://example.org/research/costing-guide).",
            ),
        ),
        Topic(
            CHALLENGE,
            "Costings arriving two days before the deadline",
            "We keep getting full proposals two days before the funder's deadline. How are other teams "
            "getting researchers to involve pre-award earlier?",
        ),
        Topic(
            SUCCESS,
            "A pre-award checklist cut resubmission queries",
            "Since we introduced a one-page checklist at the internal deadline, funder queries after "
            "submission have fallen sharply. Happy to share it.",
        ),
        Topic(
            DISCUSSION,
            "What should pre-award pass on at award?",
            "Post-award colleagues say they start projects with too little information. What do you pass "
            "on at award: the costing, the justification of resources, the correspondence?",
        ),
    ),
    "Knowledge Exchange and Impact": (
        Topic(
            HELP,
            "Template agreement for small consultancy with a local council",
            "An academic has been asked to do five days of consultancy for the county council. Is there a "
            "short-form agreement we can use?",
            (
                "Yes, the short-form consultancy agreement covers work under £25k. Contracts will check any "
                "changes the council asks for; here is "
                "[the short-form agreement](https://example.org/research/contracts/consultancy).",
            ),
        ),
        Topic(
            SUCCESS,
            "Strong corroborating evidence for the flood modelling case study",
            "The Environment Agency has written a letter confirming that our flood modelling changed its "
            "investment plans in two catchments. Exactly the evidence the case study needed.",
        ),
        Topic(
            DISCUSSION,
            "What counts as evidence of impact on policy?",
            "Researchers often cite a mention in a select committee report. How far do you push them to "
            "show the policy changed as a result?",
        ),
        Topic(
            IDEA,
            "A knowledge exchange showcase for professional services",
            "Colleagues in professional services rarely hear about the partnerships we support. A short "
            "showcase once a year could help them spot opportunities too.",
        ),
    ),
    "Research Data Management": (
        Topic(
            HELP,
            "Where should a PhD student keep 4 TB of interview recordings?",
            "A doctoral researcher has 4 TB of interview audio on external hard drives. Where should it live?",
            (
                "Not OneDrive and not loose hard drives: request a **research storage** allocation through "
                "the IT portal; up to 5 TB for doctoral researchers is free. Recordings with personal data "
                "stay on the encrypted tier. Use [the research storage form](https://example.org/it/research-storage).",
            ),
        ),
        Topic(
            DISCUSSION,
            "Who reviews data management plans before submission?",
            "Funders increasingly ask for a data management plan. Are yours reviewed by the library, by "
            "research support, or not at all?",
        ),
        Topic(
            SUCCESS,
            "First dataset with a DOI from the new repository",
            "The new research data repository minted its first DOI this week: a dataset of coastal erosion "
            "measurements from Geography.",
        ),
        Topic(
            ANNOUNCEMENT,
            "Repository maintenance on Saturday morning",
            "The research data repository will be unavailable on Saturday from 7am to 11am for an upgrade. "
            "Deposits in progress will be saved.",
        ),
    ),
    "Web Content and Digital Accessibility": (
        Topic(
            HELP,
            "Are PDF forms acceptable under the accessibility regulations?",
            "We publish a dozen application forms as PDFs. Are they still allowed under the accessibility "
            "regulations?",
            (
                "Documents published since September 2018 must meet **WCAG 2.2 AA**, and PDF forms rarely do. "
                "The better answer is an online form. See the web team's "
                "[guidance on accessible documents](https://example.org/web/accessible-documents).",
            ),
        ),
        Topic(
            SUCCESS,
            "Rewriting the fees pages cut calls to the Fees team by a third",
            "We rewrote the tuition fees pages in plain English, with headings based on the questions "
            "students actually ask. Calls to the Fees team in September fell by a third.",
        ),
        Topic(
            CHALLENGE,
            "Colleagues keep adding 'click here' links",
            "However many times we share the guidance, 'click here' links keep appearing. How do you change "
            "habits without becoming the link police?",
        ),
        Topic(
            IDEA,
            "A monthly plain English clinic",
            "A monthly half-hour clinic where anyone can bring a page or an email for a plain English "
            "rewrite, live and together.",
        ),
    ),
    "Internal Communications Network": (
        Topic(
            DISCUSSION,
            "Reaching colleagues who don't use email at work",
            "A large share of our staff in estates and catering don't use email day to day. What has worked "
            "for you: screens, printed briefings, WhatsApp, team leaders?",
        ),
        Topic(
            HELP,
            "Open rates dropped after moving to the new newsletter tool",
            "Our open rate fell from 60% to 35% after moving to the new newsletter tool. Is it real, or has "
            "the measuring changed?",
            (
                "Almost certainly the measuring: the new tool only counts an open if images load, and Outlook "
                "blocks them by default. Compare **clicks** instead; ours were steady across the move.",
            ),
        ),
        Topic(
            SUCCESS,
            "The team briefing cascade now reaches the night shift",
            "By recording a three-minute audio version of the monthly team briefing, supervisors can play it "
            "at the start of the night shift. Feedback has been warm.",
        ),
        Topic(
            IDEA,
            "One content calendar across faculties",
            "We often send all-staff messages on the same day as faculty newsletters. A shared calendar "
            "would spread the load.",
        ),
    ),
    "Information Governance and Data Protection": (
        Topic(
            HELP,
            "A subject access request that includes emails naming dozens of colleagues",
            "We've received a subject access request covering two years of email. Many messages mention "
            "other staff. Do we redact everyone else?",
            (
                "Redact third parties unless they consent or it's reasonable to disclose without consent (for "
                "example, routine work emails from a colleague acting in their role). You have one calendar "
                "month, extendable by two months if it's complex, but tell the requester within the first "
                "month.",
            ),
        ),
        Topic(
            DISCUSSION,
            "Keeping records of unsuccessful job applicants",
            "Our retention schedule says six months for unsuccessful applicants, but some recruiting "
            "managers keep CVs 'in case'. How do others enforce this?",
        ),
        Topic(
            CHALLENGE,
            "Teams chats and the retention schedule",
            "Decisions are increasingly made in Teams chats, which our retention schedule doesn't mention. "
            "Has anyone written guidance on what needs to be saved elsewhere?",
        ),
        Topic(
            SUCCESS,
            "Data protection training completion at 96%",
            "Professional services completion of the annual data protection training reached **96%**, up "
            "from 71% last year, after line managers got monthly reports for their teams.",
        ),
    ),
    "Committee Secretaries' Network": (
        Topic(
            DISCUSSION,
            "How much of the discussion do you record in minutes?",
            "Some committees want every contribution minuted, others just decisions. Where do you draw the "
            "line, and do you attribute comments to named members?",
        ),
        Topic(
            HELP,
            "Quoracy when members join remotely",
            "Do members joining by Teams count towards the quorum?",
            (
                "Yes, if the committee's terms of reference allow remote participation, and since 2020 most "
                "do. Record who joined remotely in the attendance list.",
            ),
        ),
        Topic(
            ANNOUNCEMENT,
            "The network is resting for now",
            "Both of us who have led the network are moving on, so we're pausing meetings and this space. "
            "The templates stay on the [governance SharePoint](https://example.org/governance/templates). "
            "If you'd like to revive the network, please contact the Organisational Development team.",
            closing=True,
        ),
    ),
}

GENERAL: dict[str, tuple[Topic, ...]] = {
    DISCUSSION: (
        Topic(
            DISCUSSION,
            "What would you tell a new starter joining {community}?",
            "We have several new members this term. If you could give them one piece of advice about the "
            "work (or about working here), what would it be?",
        ),
        Topic(
            DISCUSSION,
            "How are you using Copilot day to day, if at all?",
            "Now that Copilot is switched on for everyone, I'm curious what people actually use it for. "
            "Summarising meetings? Drafting? Nothing?",
        ),
        Topic(
            DISCUSSION,
            "Hybrid meetings: what's working for your team?",
            "Our hybrid meetings still feel like two meetings in one. Please share anything that has helped: "
            "room kit, etiquette, chairing tips.",
        ),
        Topic(
            DISCUSSION,
            "What should {community} cover next term?",
            "We're planning next term's sessions. Reply with topics, speakers or formats you'd like.",
        ),
        Topic(
            DISCUSSION,
            "How do you keep up with sector news?",
            "Wonkhe, Times Higher, professional bodies, LinkedIn... What do you read, and how do you find "
            "the time?",
        ),
        Topic(
            DISCUSSION,
            "Good reads and podcasts for the summer",
            "Anything you've read or listened to this year that changed how you work? Books, podcasts, "
            "blogs, all welcome.",
        ),
    ),
    HELP: (
        Topic(
            HELP,
            "Where is the current committee paper template?",
            "I need to take a paper to a university committee for the first time. Which template should I "
            "use?",
            (
                "The governance team keeps [the templates](https://example.org/governance/templates). Use the "
                "**cover sheet** as well: it's the bit members actually read.",
            ),
        ),
        Topic(
            HELP,
            "Who signs off a request to recruit to a fixed-term post?",
            "I want to recruit a fixed-term project officer using underspend. Who needs to approve it?",
            (
                "Your head of service and the finance business partner for your area sign the request to "
                "recruit, then it goes to the weekly vacancy panel. Use "
                "[the request to recruit form](https://example.org/hr/recruit).",
            ),
        ),
        Topic(
            HELP,
            "Booking a room for 40 people with hybrid equipment",
            "We're planning a half-day workshop for about 40 people, some joining online. Which rooms have "
            "proper hybrid kit?",
            (
                "Book through room bookings and filter for **hybrid-enabled**. The Learning Centre seminar rooms "
                "on the second floor are the best for 40. Ask for a technician for the first half hour.",
            ),
        ),
        Topic(
            HELP,
            "Paying an external speaker's travel expenses",
            "An external speaker is coming to our next session. How do I reimburse their train fare?",
            (
                "Set them up as a one-off payee using the non-staff expenses form, with receipts attached. "
                "Better still, book their travel through the travel agent so it's paid directly.",
            ),
        ),
        Topic(
            HELP,
            "Getting access to our team's shared mailbox",
            "I've moved teams and need access to the shared mailbox. Is it a service desk request?",
            (
                "Yes, the *shared mailbox access* form on the IT portal. It needs the mailbox owner to approve, "
                "usually within a day.",
            ),
        ),
        Topic(
            HELP,
            "Recording Teams meetings: do we need everyone's consent?",
            "We'd like to record our sessions for people who can't attend. Do we need explicit consent?",
            (
                "You need to tell people before recording and give them a way to keep their camera off or "
                "speak up in the chat. Set a retention period and delete recordings after it: the data "
                "protection guidance suggests 30 days for routine meetings.",
            ),
        ),
        Topic(
            HELP,
            "A good format for a team away day?",
            "I'm organising a one-day away day for a team of fifteen. Has anyone got a format that worked?",
            (
                "We did a morning looking back (what went well, what didn't) and an afternoon on **three** "
                "priorities for the year, with a facilitator from Organisational Development. Book them early.",
            ),
        ),
    ),
    SUCCESS: (
        Topic(
            SUCCESS,
            "Our first in-person meet-up in a year: thank you all",
            "Thanks to everyone who came to the in-person session last week. Twenty-three of us, good "
            "conversations and not a single slide.",
        ),
        Topic(
            SUCCESS,
            "A cross-team process review saved a week of rework each month",
            "Working through the handover between our team and another service, we found a duplicated check "
            "that was costing a week of rework each month. Now removed.",
        ),
        Topic(
            SUCCESS,
            "Shortlisted for the Professional Services Staff Awards",
            "Members of {community} have been shortlisted in the collaboration category of this year's "
            "Professional Services Staff Awards. Well done everyone.",
        ),
        Topic(
            SUCCESS,
            "Onboarding pack for new starters finished",
            "The onboarding pack drafted in our sessions is finished and already used by two new starters. "
            "It's linked from the community page.",
        ),
        Topic(
            SUCCESS,
            "Funding secured for a training day",
            "We've secured funding from the staff development budget for a full training day for members. "
            "Dates to follow.",
        ),
    ),
    CHALLENGE: (
        Topic(
            CHALLENGE,
            "Teams, email, SharePoint and now this: too many channels",
            "I'm losing track of where conversations happen. How do you decide what goes where?",
        ),
        Topic(
            CHALLENGE,
            "Vacancies are stretching the team",
            "We're carrying two vacancies and the recruitment freeze means no cover. How are others "
            "prioritising when you can't do everything?",
        ),
        Topic(
            CHALLENGE,
            "Keeping momentum over the summer",
            "Attendance always drops over the summer. Should we pause, or change format?",
        ),
        Topic(
            CHALLENGE,
            "Getting senior buy-in for small improvements",
            "Small fixes that would save us hours keep getting stuck because they're not big enough to be a "
            "project. How have you got these through?",
        ),
        Topic(
            CHALLENGE,
            "Finding time for development in a busy term",
            "Development time is the first thing to go when it's busy. How do you protect it?",
        ),
    ),
    IDEA: (
        Topic(
            IDEA,
            "Lunch-and-learn sessions run by members",
            "Short sessions where one member shows something they've built or learnt: 20 minutes, "
            "cameras optional, sandwiches encouraged.",
        ),
        Topic(
            IDEA,
            "A shared glossary for {community}",
            "We use a lot of acronyms that confuse newcomers. A shared glossary on the community page would "
            "help.",
        ),
        Topic(
            IDEA,
            "Pairing up with a similar network at another university",
            "A similar network exists at a university nearby. A joint session once a year would let us "
            "compare notes.",
        ),
        Topic(
            IDEA,
            "Recording sessions for people who can't make the time",
            "Our slot doesn't suit people on shifts or part-time. Short recordings, or notes, would help.",
        ),
        Topic(
            IDEA,
            "A welcome thread for new members each term",
            "Each term, a pinned thread where new members introduce themselves and say what they'd like to "
            "get out of {community}.",
        ),
    ),
    ANNOUNCEMENT: (
        Topic(
            ANNOUNCEMENT,
            "Next session: agenda and joining details",
            "Our next session is on the usual day. **Agenda:**\n\n1. Welcome and introductions\n2. A member "
            "case study\n3. Open questions\n\nJoining details are in the calendar invitation and on "
            "[the events page](https://example.org/events).",
        ),
        Topic(
            ANNOUNCEMENT,
            "Call for speakers for the spring term",
            "We're looking for members to lead a session next term: something you've tried, a problem "
            "you've solved, or a question you'd like to explore. Reply here or message the leads.",
        ),
        Topic(
            ANNOUNCEMENT,
            "Slides and notes from last month's session",
            "Thanks for a lively session. Here are [the slides and notes](https://example.org/sessions/notes). "
            "Actions are at the end.",
        ),
        Topic(
            ANNOUNCEMENT,
            "Welcome to our new co-lead",
            "Please welcome our new co-lead for {community}, who joins the team of leads from this month.",
        ),
        Topic(
            ANNOUNCEMENT,
            "No session in August",
            "We're taking August off. Sessions resume in September; the thread stays open as usual.",
        ),
    ),
}

# Replies that fit any thread of a kind; for help requests these are the ones that don't answer.
REPLIES: dict[str, tuple[str, ...]] = {
    DISCUSSION: (
        "Really useful question, {author}. In {department} we tried a fortnightly check-in and it stuck "
        "better than anything monthly.",
        "I'd add: don't be afraid to ask. Most people here have been asked the same thing before.",
        "Agree with all of the above. For us the turning point was agreeing **one** place to keep notes.",
        "We had this exact conversation in {department} last term and ended up somewhere similar.",
        "Could we pick this up at the next session? It would be good to hear from more people.",
        "Interesting. I'd be wary of doing it everywhere at once; we piloted with one team first.",
        "This is very helpful, thank you. Saving the thread.",
        "Slightly different view: it depends a lot on the size of the team. What works for five doesn't "
        "for thirty.",
        "I wrote up [what we do in {department}](https://example.org/notes/how-we-work). Comments welcome.",
        "Thanks {author}, this gave me a lot to think about.",
    ),
    HELP: (
        "Following: we've got the same question in {department}.",
        "Not sure, but the notes from one of last year's sessions might cover it. I'll have a look.",
        "+1, it would be good to get a definitive answer for everyone.",
        "I asked something similar a while ago and was pointed to the service desk, for what it's worth.",
        "I think it changed last year, so older guidance may be out of date. Worth checking the date.",
    ),
    SUCCESS: (
        "Congratulations, {author}! Great to see.",
        "Brilliant news. Would you be willing to do a short session on how you did it?",
        "Well done to everyone involved. This is exactly why the community exists.",
        "Love this. We're trying something similar in {department}; I may be in touch.",
        "Fantastic. Is the write-up shareable?",
        "Great result, and thanks for sharing what made the difference.",
        "This deserves a mention in the staff newsletter.",
        "Really pleased for you all.",
    ),
    CHALLENGE: (
        "Very familiar. In {department} we ended up saying no to two things to protect the one that "
        "mattered.",
        "You're not alone in this, {author}. Could we make it a topic for the next session?",
        "What helped us was writing down what we would *stop* doing, and sharing it with our manager.",
        "We raised the same issue through our head of service; it helped to bring numbers.",
        "Sympathies. No easy answer, but talking to others in the same spot helped.",
        "Have you tried raising it at the professional services forum? It's the right audience.",
        "Same here. Happy to compare notes over a coffee.",
        "One small thing that worked for us: a fortnightly fifteen-minute catch-up just on this.",
    ),
    IDEA: (
        "+1, I'd use this.",
        "Great idea, {author}. Happy to help set it up.",
        "Love it. Could we try it for a term and see?",
        "Yes please. In {department} we'd be keen to take part.",
        "Good idea. One thought: keep it light, or it becomes another thing to maintain.",
        "I'm in. Shall we talk about it at the next session?",
        "We tried something similar a few years ago; it worked while someone owned it.",
        "Count me in.",
    ),
    ANNOUNCEMENT: (
        "Thanks, {author}.",
        "Thanks for organising. See you there.",
        "Noted, thank you.",
        "Thanks! Will the notes be shared afterwards?",
    ),
}

# The asker again, once an answer has arrived.
FOLLOW_UPS = (
    "That's exactly what I needed, thank you.",
    "Thank you, that's really clear. I'll update our team's guidance.",
    "Perfect, thanks. Sorted.",
    "Thanks, that worked.",
    "Brilliant, thank you. I'd been going round in circles on this.",
)

# Reactions people give, by the kind of thread, as (kind, weight).
HELPFUL, THANKS, PLUS_ONE = Reaction.Kind.HELPFUL, Reaction.Kind.THANKS, Reaction.Kind.PLUS_ONE
REACTIONS: dict[str, tuple[tuple[str, int], ...]] = {
    DISCUSSION: ((PLUS_ONE, 3), (HELPFUL, 2), (THANKS, 1)),
    HELP: ((HELPFUL, 3), (THANKS, 2), (PLUS_ONE, 1)),
    SUCCESS: ((THANKS, 3), (PLUS_ONE, 2)),
    CHALLENGE: ((PLUS_ONE, 3), (HELPFUL, 1)),
    IDEA: ((PLUS_ONE, 4), (THANKS, 1)),
    ANNOUNCEMENT: ((THANKS, 3), (PLUS_ONE, 1)),
}

# The personas' own story, written in the last few days so that it is news to them (see `demo.py`).
# The member asks in their second community, and someone whose job it is answers.
MEMBER_QUESTION_COMMUNITY = "Power BI and Data Reporting"
MEMBER_QUESTION = Topic(
    HELP,
    "Budget against actuals by month when the budget is only set for the year",
    "I'm building a budget monitoring report for the faculties. Actuals come from the ledger by month, but "
    "the budget is one figure per cost centre for the year. How do I show **budget against actuals by "
    "month** without someone typing in twelve phasings by hand?",
    (
        "Phase it in the model rather than in the source: a small *phasing* table (month, share of the year) "
        "joined to the date table, and a measure that multiplies the annual budget by the share. Straight-line "
        "is one twelfth a month; if you want it to follow last year's spend, build the shares from last "
        "year's actuals. Happy to look at it with you at the next show-and-tell.",
        "We did the same for Estates budgets. One tip: keep the phasing table in a SharePoint list so finance "
        "colleagues can change it without touching the report.",
    ),
)
# The lead mentions the member in their own community.
MENTION_COMMUNITY = "Finance Business Partners"
MENTION = Topic(
    DISCUSSION,
    "Dashboards for heads of school: what do they actually open?",
    "We've built a lot of dashboards for heads of school over the years and I suspect most are never "
    "opened. Which ones do your budget holders actually use, and what makes the difference?",
    (
        "The one that gets opened in my faculties is the monthly budget report, because it lands in their "
        "inbox. {member} is building a Power BI version with budget against actuals by month: would you show "
        "it at our next session?",
        "Yes please. Ours only get opened when they arrive as a PDF, which rather defeats the point of a "
        "dashboard.",
    ),
)
