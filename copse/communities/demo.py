"""The demo organisation: a large UK university's professional services, its staff and communities.

Built from a fixed random seed, so the same seed always gives the same people, communities and
memberships, and written with bulk inserts in one transaction, so `seed_demo` takes seconds.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from copse.accounts.models import Department, JobFamily, Person, ServiceArea, User

from .models import Community, CommunityLink, JoinRequest, LogEntry, Membership, Role, Status, Visibility

Progress = Callable[[int, int], None]
"""Called with (stages done, stages in all) as the build goes along."""

DEMO_PASSWORD = "copse-demo"
MIN_STAFF = 100
ENGAGED_SHARE = 0.4  # of staff in at least one community: most people are not in any yet
MIN_MEMBERS = 6
BATCH = 500

PS, TECH, MGMT, OPS = "Professional Services", "Technical", "Management", "Operational Services"
JOB_FAMILIES = (PS, TECH, MGMT, OPS)

# Service area: (description, departments as (name, relative headcount, titles as (title, family, weight))).
# One department to a paragraph reads better than the formatter's one value to a line.
Titles = list[tuple[str, str, int]]
# fmt: off
ORGANISATION: dict[str, tuple[str, list[tuple[str, int, Titles]]]] = {
    "Finance": (
        "Financial planning, payments, procurement, payroll and reporting for the whole university.",
        [
            ("Financial Planning and Analysis", 40, [
                ("Finance Business Partner", PS, 4), ("Management Accountant", PS, 4),
                ("Financial Analyst", PS, 3), ("Head of Financial Planning", MGMT, 1)]),
            ("Financial Accounting and Reporting", 25, [
                ("Financial Accountant", PS, 3), ("Assistant Accountant", PS, 3), ("Treasury Officer", PS, 1),
                ("Head of Financial Reporting", MGMT, 1)]),
            ("Payments and Income", 40, [
                ("Accounts Payable Assistant", PS, 4), ("Credit Control Officer", PS, 3),
                ("Income Officer", PS, 3), ("Payments Team Leader", MGMT, 1)]),
            ("Procurement", 20, [
                ("Procurement Officer", PS, 3), ("Category Manager", PS, 2), ("Contracts Manager", PS, 2),
                ("Head of Procurement", MGMT, 1)]),
            ("Payroll and Pensions", 20, [
                ("Payroll Officer", PS, 4), ("Pensions Officer", PS, 2), ("Payroll Manager", MGMT, 1)]),
            ("Research Finance", 25, [
                ("Research Finance Officer", PS, 4), ("Post-Award Accountant", PS, 2),
                ("Research Finance Manager", MGMT, 1)]),
        ],
    ),
    "People and Organisational Development": (
        "HR partnering, recruitment, reward, learning and development, and equality and inclusion.",
        [
            ("HR Business Partnering", 30, [
                ("HR Business Partner", PS, 3), ("HR Adviser", PS, 4), ("HR Assistant", PS, 3),
                ("Head of HR Business Partnering", MGMT, 1)]),
            ("Organisational Development", 15, [
                ("Organisational Development Partner", PS, 3), ("Learning and Development Adviser", PS, 3),
                ("Coaching Lead", PS, 1), ("Head of Organisational Development", MGMT, 1)]),
            ("Recruitment and Resourcing", 20, [
                ("Recruitment Adviser", PS, 3), ("Recruitment Administrator", PS, 3),
                ("Resourcing Manager", MGMT, 1)]),
            ("Reward and HR Systems", 15, [
                ("Reward Analyst", PS, 2), ("HR Systems Analyst", TECH, 2), ("HR Data Officer", PS, 2),
                ("Head of Reward", MGMT, 1)]),
            ("Equality, Diversity and Inclusion", 8, [
                ("Equality, Diversity and Inclusion Adviser", PS, 3), ("Athena Swan Coordinator", PS, 1),
                ("Head of Equality, Diversity and Inclusion", MGMT, 1)]),
            ("Occupational Health and Wellbeing", 12, [
                ("Occupational Health Adviser", PS, 2), ("Staff Wellbeing Coordinator", PS, 2),
                ("Occupational Health Manager", MGMT, 1)]),
        ],
    ),
    "Estates and Facilities": (
        "Buildings, maintenance, cleaning, security, catering, space, sustainability and health and safety.",
        [
            ("Maintenance and Engineering", 90, [
                ("Maintenance Technician", TECH, 4), ("Electrician", OPS, 3), ("Plumber", OPS, 2),
                ("Building Services Engineer", TECH, 2), ("Maintenance Manager", MGMT, 1)]),
            ("Cleaning and Housekeeping", 170, [
                ("Cleaner", OPS, 8), ("Cleaning Supervisor", OPS, 2), ("Housekeeping Manager", MGMT, 1)]),
            ("Security and Portering", 90, [
                ("Security Officer", OPS, 5), ("Porter", OPS, 4), ("Security Supervisor", OPS, 1),
                ("Head of Security", MGMT, 1)]),
            ("Catering and Hospitality", 100, [
                ("Catering Assistant", OPS, 6), ("Chef", OPS, 2), ("Hospitality Supervisor", OPS, 1),
                ("Catering Manager", MGMT, 1)]),
            ("Capital Projects", 25, [
                ("Project Manager", PS, 3), ("Clerk of Works", TECH, 2),
                ("Head of Capital Projects", MGMT, 1)]),
            ("Sustainability", 10, [
                ("Sustainability Officer", PS, 3), ("Energy Manager", TECH, 2),
                ("Head of Sustainability", MGMT, 1)]),
            ("Space and Timetabling", 20, [
                ("Timetabling Officer", PS, 3), ("Space Planner", PS, 2), ("Timetabling Manager", MGMT, 1)]),
            ("Health and Safety", 12, [
                ("Health and Safety Adviser", PS, 3), ("Fire Safety Officer", TECH, 1),
                ("Head of Health and Safety", MGMT, 1)]),
        ],
    ),
    "Digital and IT Services": (
        "The service desk, infrastructure, cyber security, business systems, data and digital learning.",
        [
            ("Service Desk", 40, [
                ("Service Desk Analyst", TECH, 5), ("Desktop Support Technician", TECH, 3),
                ("Service Desk Manager", MGMT, 1)]),
            ("Infrastructure and Cloud", 40, [
                ("Infrastructure Engineer", TECH, 4), ("Network Engineer", TECH, 3),
                ("Cloud Platform Engineer", TECH, 2), ("Head of Infrastructure", MGMT, 1)]),
            ("Information Security", 15, [
                ("Information Security Analyst", TECH, 3), ("Security Architect", TECH, 1),
                ("Head of Information Security", MGMT, 1)]),
            ("Business Applications", 40, [
                ("Software Developer", TECH, 4), ("Business Analyst", PS, 3),
                ("Applications Support Analyst", TECH, 3), ("Solutions Architect", TECH, 1),
                ("Head of Business Applications", MGMT, 1)]),
            ("Digital Learning", 20, [
                ("Learning Technologist", TECH, 4), ("Digital Education Developer", TECH, 2),
                ("Head of Digital Learning", MGMT, 1)]),
            ("Data and Business Intelligence", 20, [
                ("Data Analyst", TECH, 3), ("Business Intelligence Developer", TECH, 3),
                ("Data Engineer", TECH, 2), ("Head of Data", MGMT, 1)]),
            ("Portfolio and Project Office", 15, [
                ("Project Manager", PS, 3), ("Project Officer", PS, 2), ("Change Manager", PS, 2),
                ("Head of Portfolio Management", MGMT, 1)]),
        ],
    ),
    "Student Services": (
        "Wellbeing, disability support, careers, records, funding advice, casework and accommodation.",
        [
            ("Student Wellbeing", 40, [
                ("Wellbeing Adviser", PS, 4), ("Mental Health Adviser", PS, 3), ("Counsellor", PS, 3),
                ("Head of Student Wellbeing", MGMT, 1)]),
            ("Disability and Inclusion Support", 20, [
                ("Disability Adviser", PS, 3), ("Inclusion Support Officer", PS, 2),
                ("Disability Services Manager", MGMT, 1)]),
            ("Careers and Employability", 25, [
                ("Careers Consultant", PS, 4), ("Employer Engagement Officer", PS, 2),
                ("Placements Officer", PS, 2), ("Head of Careers", MGMT, 1)]),
            ("Student Records and Registry", 45, [
                ("Student Records Officer", PS, 4), ("Registry Assistant", PS, 3),
                ("Examinations Officer", PS, 2), ("Head of Student Records", MGMT, 1)]),
            ("Student Funding and Advice", 15, [
                ("Student Funding Adviser", PS, 3), ("Money Adviser", PS, 2),
                ("Student Advice Manager", MGMT, 1)]),
            ("Student Casework and Conduct", 12, [
                ("Student Casework Officer", PS, 4), ("Appeals and Complaints Officer", PS, 2),
                ("Student Conduct Manager", MGMT, 1)]),
            ("Accommodation Services", 35, [
                ("Accommodation Officer", PS, 3), ("Residence Life Coordinator", PS, 2),
                ("Accommodation Manager", MGMT, 1)]),
        ],
    ),
    "Research and Innovation Services": (
        "Research development, costing, contracts, integrity, knowledge exchange and the doctoral college.",
        [
            ("Research Development", 20, [
                ("Research Development Manager", PS, 3), ("Research Funding Officer", PS, 3),
                ("Head of Research Development", MGMT, 1)]),
            ("Pre-Award and Costing", 20, [
                ("Research Costing Officer", PS, 4), ("Pre-Award Administrator", PS, 3),
                ("Pre-Award Manager", MGMT, 1)]),
            ("Research Contracts", 12, [
                ("Research Contracts Manager", PS, 3), ("Contracts Officer", PS, 2),
                ("Head of Research Contracts", MGMT, 1)]),
            ("Research Integrity and Ethics", 8, [
                ("Research Ethics Officer", PS, 2), ("Research Integrity Manager", PS, 1)]),
            ("Knowledge Exchange and Impact", 18, [
                ("Knowledge Exchange Manager", PS, 3), ("Impact Officer", PS, 3),
                ("Head of Knowledge Exchange", MGMT, 1)]),
            ("Doctoral College", 15, [
                ("Postgraduate Research Administrator", PS, 4), ("Doctoral College Manager", MGMT, 1)]),
        ],
    ),
    "Library and Archives": (
        "Academic liaison, customer services, collections, archives and open research.",
        [
            ("Academic Liaison", 25, [
                ("Academic Liaison Librarian", PS, 4), ("Learning Development Adviser", PS, 2),
                ("Head of Academic Liaison", MGMT, 1)]),
            ("Library Customer Services", 45, [
                ("Library Assistant", PS, 6), ("Customer Services Supervisor", PS, 2),
                ("Library Services Manager", MGMT, 1)]),
            ("Collections and Metadata", 20, [
                ("Metadata Librarian", PS, 3), ("Acquisitions Assistant", PS, 3),
                ("Collections Manager", MGMT, 1)]),
            ("Special Collections and Archives", 12, [
                ("Archivist", PS, 3), ("Archives Assistant", PS, 2), ("Conservator", TECH, 1),
                ("Head of Special Collections", MGMT, 1)]),
            ("Research Data and Scholarly Communications", 12, [
                ("Research Data Officer", PS, 3), ("Open Research Librarian", PS, 2),
                ("Repository Manager", PS, 1)]),
        ],
    ),
    "Marketing, Communications and Recruitment": (
        "Recruitment and admissions, marketing, communications, web content, events and alumni relations.",
        [
            ("Student Recruitment and Admissions", 45, [
                ("Admissions Officer", PS, 4), ("Student Recruitment Officer", PS, 3),
                ("International Officer", PS, 2), ("Head of Admissions", MGMT, 1)]),
            ("Marketing", 25, [
                ("Marketing Officer", PS, 3), ("Digital Marketing Specialist", PS, 2),
                ("Marketing Manager", MGMT, 1)]),
            ("Communications and Media", 20, [
                ("Communications Officer", PS, 3), ("Media Relations Officer", PS, 2),
                ("Internal Communications Manager", PS, 1), ("Head of Communications", MGMT, 1)]),
            ("Web and Digital Content", 15, [
                ("Web Content Editor", PS, 3), ("Digital Content Officer", PS, 2), ("Web Developer", TECH, 2),
                ("Head of Digital Content", MGMT, 1)]),
            ("Events and Alumni Relations", 18, [
                ("Events Officer", PS, 3), ("Alumni Relations Officer", PS, 2),
                ("Development Officer", PS, 2), ("Head of Alumni Relations", MGMT, 1)]),
        ],
    ),
    "Governance, Legal and Compliance": (
        "Governance and committees, information governance, legal services, planning, quality and risk.",
        [
            ("Governance and Committee Services", 15, [
                ("Committee Secretary", PS, 4), ("Governance Officer", PS, 2),
                ("Head of Governance", MGMT, 1)]),
            ("Information Governance", 10, [
                ("Information Compliance Officer", PS, 3), ("Records Manager", PS, 1),
                ("Data Protection Officer", PS, 1)]),
            ("Legal Services", 10, [
                ("Solicitor", PS, 3), ("Paralegal", PS, 2), ("Head of Legal Services", MGMT, 1)]),
            ("Strategic Planning and Performance", 15, [
                ("Planning Officer", PS, 3), ("Management Information Analyst", PS, 3),
                ("Head of Planning", MGMT, 1)]),
            ("Quality Assurance and Enhancement", 15, [
                ("Quality Officer", PS, 3), ("Academic Quality Manager", PS, 2),
                ("Head of Quality", MGMT, 1)]),
            ("Risk and Assurance", 8, [
                ("Risk Manager", PS, 2), ("Internal Audit Officer", PS, 2),
                ("Head of Risk and Assurance", MGMT, 1)]),
        ],
    ),
}
# fmt: on

# Name pools: (share of staff, first names, surnames). Most people's surname comes from the same pool.
NAMES: list[tuple[int, str, str]] = [
    (
        52,
        "Oliver George Harry Jack Thomas James William Samuel Daniel Joseph Matthew Benjamin Luke Adam Ryan "
        "Michael David Andrew Richard Paul Mark Stephen Peter Christopher Simon Jonathan Nicholas Robert "
        "Edward Alexander Charlie Alfie Callum Nathan Lewis Jamie Sam Tom Ben Phil Neil Gary Ian Martin "
        "Kevin Olivia Amelia Emily Sophie Charlotte Jessica Hannah Lucy Grace Ella Chloe Megan Rebecca "
        "Sarah Laura Emma Rachel Katie Helen Claire Nicola Joanne Louise Gemma Lauren Amy Zoë Natalie "
        "Victoria Alice Harriet Eleanor Abigail Ruth Catherine Jennifer Elizabeth Karen Julie Susan Alison "
        "Jane Sally Deborah Melanie Frances Georgina Imogen",
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Walker White "
        "Green Hall Wood Jackson Clarke Edwards Harris Turner Hill Cooper Ward Morris Moore King Baker "
        "Harrison Allen Scott Phillips Watson Parker Bennett Young Mitchell Cook Carter Richardson Bailey "
        "Collins Bell Shaw Miller Cox Richards Marshall Simpson Ellis Adams Wilkinson Foster Chapman Powell "
        "Webb Rogers Gray Mason Hunt Matthews Palmer Holmes Mills Barnes Knight Butler Russell Barker "
        "Fisher Stevens Dixon Harvey Pearson Fletcher Gibson Howard Andrews Elliott Reynolds Saunders Payne "
        "Fox Ford Pearce Brooks West Lawrence Cole Atkinson Bradley Spencer Dawson Ball Burton Watts Rose "
        "Booth Perry Wells Francis Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Lowe Page Marsh "
        "Riley Dunn Woods Parsons Berry Stone Holland Hawkins Harding Porter Newton Kendall Ashworth "
        "Thornton Fairbanks Whitaker Lee-Smith Hargreaves Pickering",
    ),
    (
        10,
        "Hamish Ewan Fraser Iain Alasdair Catriona Isla Eilidh Morag Ailsa Siobhan Niamh Aoife Ciara Orla "
        "Sinéad Ciarán Declan Pádraig Cormac Eoin Seán Rhys Dylan Gethin Owain Siân Cerys Bethan Ffion "
        "Carys Gareth",
        "MacDonald MacLeod Fraser Paterson Sinclair Cameron Ferguson Robertson Campbell Stewart Murray Reid "
        "Ross Murphy O'Sullivan Byrne Kelly O'Brien Walsh O'Connor Doyle McCarthy Lynch Quinn Gallagher "
        "Evans Lloyd Llewellyn Pritchard Vaughan Morgan Bowen Howells Griffiths Rees Price Owen Hughes "
        "Jenkins",
    ),
    (
        13,
        "Aisha Fatima Ayesha Zainab Sana Anjali Pooja Neha Deepa Harpreet Simran Rajesh Sanjay Arjun Rohan "
        "Vikram Amit Imran Bilal Hamza Omar Zain Mohammed Ali Hassan Usman Nadia Shabana Farah Gurpreet "
        "Manpreet Kiran Sunita Ravi Nikhil Meera Jaspreet Tariq Yasmin Saima",
        "Patel Shah Sharma Gupta Kumar Chauhan Mistry Bhatt Desai Iqbal Rahman Chowdhury Malik Mahmood "
        "Qureshi Aziz Sandhu Dhillon Khan Hussain Ahmed Begum Akhtar Kaur Singh Gill Bains Parmar Joshi "
        "Rana",
    ),
    (
        7,
        "Wei Mei Jing Xin Yan Hui Li Hiroshi Yuki Minh Thanh Linh Jun Hyun Ji-woo Kenji Mai Ling",
        "Chen Wang Li Zhang Liu Wong Lee Tan Nguyen Tran Kim Park Yamamoto Huang Zhao Lin Ng Sato",
    ),
    (
        9,
        "Chidi Ngozi Oluwaseun Tunde Funmilayo Adaeze Kwame Kofi Ama Abena Yaw Chiamaka Emeka Folake Tendai "
        "Thandiwe Precious Blessing Jermaine Marcus Leon Tyrone Shanice Kemi Segun Adwoa Femi Nia",
        "Okafor Adeyemi Okonkwo Mensah Boateng Asante Owusu Adebayo Eze Nwosu Mwangi Moyo Banda Oyelaran "
        "Campbell Francis Clarke Williams Grant Thomas Henry Adjei Ogunleye Achebe",
    ),
    (
        9,
        "Agnieszka Katarzyna Piotr Tomasz Magdalena Marta Łukasz Małgorzata Giulia Marco Luca Francesca "
        "Sofia Pablo Lucía Carlos Elena Inês João Ana Mateusz Zsófia Lars Ingrid Klaus Sabine Pierre "
        "Camille Élodie Nikos Eleni Dimitra Andreea Ionuț Renée",
        "Nowak Kowalski Wiśniewska Kamiński Zieliński Rossi Bianchi Romano García Rodríguez Fernández Silva "
        "Santos Costa Müller Schmidt Fischer Dubois Moreau Papadopoulos Popescu Horváth Jansen Novak "
        "Lindqvist",
    ),
]
NAME_POOLS = [(first.split(), last.split()) for _share, first, last in NAMES]
NAME_SHARES = [share for share, _first, _last in NAMES]


@dataclass(frozen=True)
class CommunitySpec:
    name: str
    area: str
    purpose: str
    cadence: str
    size: int  # how strongly it draws members, relative to the others
    everyone: bool = False  # draws staff from across the organisation, not mostly from its own service area
    visibility: str = Visibility.ON_REQUEST
    status: str = Status.ACTIVE


FINANCE, PEOPLE, ESTATES, DIGITAL, STUDENTS, RESEARCH, LIBRARY, MARKETING, GOVERNANCE = ORGANISATION
LEAD_COMMUNITY = "Finance Business Partners"

COMMUNITIES = [
    CommunitySpec(
        name=LEAD_COMMUNITY,
        area=FINANCE,
        purpose=(
            "Finance business partners and management accountants who support faculties and services with "
            "budgets, forecasts and business cases. We share models, compare how we present figures to "
            "non-finance colleagues, and work through the year-end and planning round together."
        ),
        cadence="Second Wednesday of each month, 12:30pm to 1:30pm, online",
        size=9,
    ),
    CommunitySpec(
        name="Procurement and Contract Management",
        area=FINANCE,
        purpose=(
            "Everyone who buys goods and services or manages a contract on the university's behalf: "
            "tendering, frameworks, supplier performance and social value. Bring a tricky tender and leave "
            "with ideas."
        ),
        cadence="Quarterly, 10am to 11:30am, in person and online",
        size=6,
    ),
    CommunitySpec(
        name="Line Managers' Network",
        area=PEOPLE,
        purpose=(
            "A place for anyone who manages people in professional services to swap practical approaches to "
            "wellbeing conversations, probation, flexible working and difficult conversations, with regular "
            "drop-ins from the HR team."
        ),
        cadence="First Tuesday of each month, 12:30pm to 1:30pm, online",
        size=22,
        everyone=True,
        visibility=Visibility.OPEN,
    ),
    CommunitySpec(
        name="Coaching and Mentoring Practitioners",
        area=PEOPLE,
        purpose=(
            "Accredited and aspiring internal coaches and mentors who keep their practice sharp through "
            "supervision, peer practice and reading together, and who support the university's mentoring "
            "scheme."
        ),
        cadence="Every six weeks, Thursday 2pm to 3:30pm, in person",
        size=6,
        everyone=True,
    ),
    CommunitySpec(
        name="Equality, Diversity and Inclusion Practitioners",
        area=PEOPLE,
        purpose=(
            "Staff who lead or support equality, diversity and inclusion work in their area: Athena Swan and "
            "Race Equality Charter submissions, inclusive recruitment, equality impact assessments and "
            "accessible events."
        ),
        cadence="Monthly, last Friday, 11am to 12pm, online",
        size=7,
        everyone=True,
    ),
    CommunitySpec(
        name="Sustainability and Net Zero",
        area=ESTATES,
        purpose=(
            "Sustainability champions from every part of the university working towards net zero: energy, "
            "waste, travel, sustainable procurement and how to make the greener choice the easy one in each "
            "team."
        ),
        cadence="Monthly, second Thursday, 1pm to 2pm, online",
        size=12,
        everyone=True,
        visibility=Visibility.OPEN,
    ),
    CommunitySpec(
        name="Health and Safety Coordinators",
        area=ESTATES,
        purpose=(
            "Local health and safety coordinators and advisers sharing risk assessments, inspection "
            "practice, incident learning and what works when briefing busy teams."
        ),
        cadence="Quarterly, 10am to 12pm, in person",
        size=6,
    ),
    CommunitySpec(
        name="Power BI and Data Reporting",
        area=DIGITAL,
        purpose=(
            "People who build reports and dashboards for their teams: Power BI, data models, good charts and "
            "accessible tables, and making the most of the university's data warehouse."
        ),
        cadence="Fortnightly show-and-tell, Wednesday 11am to 11:45am, online",
        size=14,
        everyone=True,
        visibility=Visibility.OPEN,
    ),
    CommunitySpec(
        name="Project and Change Practitioners",
        area=DIGITAL,
        purpose=(
            "Project managers, change managers and business analysts across professional services comparing "
            "methods, templates and lessons learnt, from small process changes to large system replacements."
        ),
        cadence="Monthly, third Tuesday, 2pm to 3pm, online",
        size=9,
        everyone=True,
    ),
    CommunitySpec(
        name="Service Design and User Research",
        area=DIGITAL,
        purpose=(
            "Colleagues who design services around students and staff: user research, journey mapping, "
            "prototyping and testing, and making the case for it to stakeholders."
        ),
        cadence="Monthly, first Monday, 12pm to 1pm, online",
        size=5,
        everyone=True,
    ),
    CommunitySpec(
        name="Student Wellbeing Practitioners",
        area=STUDENTS,
        purpose=(
            "Wellbeing, mental health and disability advisers and counsellors sharing case learning "
            "(anonymised), referral routes, risk practice and self-care for practitioners."
        ),
        cadence="Fortnightly, Tuesday 9am to 10am, in person",
        size=8,
    ),
    CommunitySpec(
        name="Student Casework and Conduct Officers",
        area=STUDENTS,
        purpose=(
            "Caseworkers handling appeals, complaints, misconduct and fitness to practise. Membership is by "
            "invitation because members discuss sensitive cases."
        ),
        cadence="Monthly, by calendar invitation",
        size=2,
        visibility=Visibility.PRIVATE,
    ),
    CommunitySpec(
        name="Careers and Employability Network",
        area=STUDENTS,
        purpose=(
            "Careers consultants, placement officers and employer engagement staff, with colleagues in "
            "faculties who embed employability in the curriculum."
        ),
        cadence="Monthly, second Monday, 10am to 11am, online",
        size=5,
    ),
    CommunitySpec(
        name="Research Funding and Costing",
        area=RESEARCH,
        purpose=(
            "Pre-award, costing and research finance staff working through funder rules, full economic "
            "costing, and the handover from award to project."
        ),
        cadence="Monthly, last Wednesday, 10am to 11am, online",
        size=7,
    ),
    CommunitySpec(
        name="Knowledge Exchange and Impact",
        area=RESEARCH,
        purpose=(
            "Staff who help researchers turn work into impact: partnerships, consultancy, impact case "
            "studies and the Knowledge Exchange Framework."
        ),
        cadence="Every other month, Thursday 2pm to 3:30pm, in person",
        size=5,
    ),
    CommunitySpec(
        name="Research Data Management",
        area=LIBRARY,
        purpose=(
            "Librarians, research support and IT colleagues helping researchers plan, store, share and "
            "preserve data well, and meet funder and open research expectations."
        ),
        cadence="Monthly, first Thursday, 11am to 12pm, online",
        size=5,
    ),
    CommunitySpec(
        name="Web Content and Digital Accessibility",
        area=MARKETING,
        purpose=(
            "Everyone who edits web pages, writes for the intranet or makes documents, learning to write "
            "plainly and meet the accessibility regulations together."
        ),
        cadence="Monthly, third Wednesday, 12:30pm to 1:15pm, online",
        size=12,
        everyone=True,
        visibility=Visibility.OPEN,
    ),
    CommunitySpec(
        name="Internal Communications Network",
        area=MARKETING,
        purpose=(
            "Staff who write newsletters, team briefings and all-staff messages, sharing what gets read and "
            "how to reach colleagues who are not at a desk."
        ),
        cadence="Every six weeks, Tuesday 11am to 12pm, online",
        size=5,
    ),
    CommunitySpec(
        name="Information Governance and Data Protection",
        area=GOVERNANCE,
        purpose=(
            "Information governance leads, data protection champions and records managers handling subject "
            "access requests, data sharing and retention."
        ),
        cadence="Quarterly, 2pm to 3:30pm, online",
        size=6,
        everyone=True,
    ),
    CommunitySpec(
        name="Committee Secretaries' Network",
        area=GOVERNANCE,
        purpose=(
            "Committee secretaries and clerks across the university sharing templates, minute-writing "
            "practice and the governance calendar."
        ),
        cadence="Termly, 10am to 11:30am, in person",
        size=4,
        status=Status.DORMANT,
    ),
]
PROPOSED = CommunitySpec(
    name="Apprenticeships and Early Careers Network",
    area=PEOPLE,
    purpose=(
        "Apprentices, graduate trainees and the people who manage and mentor them, sharing what makes early "
        "careers in professional services work well."
    ),
    cadence="Monthly, to be agreed with members",
    size=0,
    status=Status.PROPOSED,
)
RETIRED = CommunitySpec(
    name="Windows 11 Migration Champions",
    area=DIGITAL,
    purpose=(
        "Local champions who helped their teams move to Windows 11: testing, early fixes and passing on tips."
    ),
    cadence="Weekly during the migration",
    size=0,
    status=Status.RETIRED,
)
PROPOSAL_REASON = (
    "We have over sixty apprentices across professional services and nowhere for their managers and mentors "
    "to compare notes. Several of us already meet informally and would like to open it up."
)
DORMANT_REASON = (
    "No meetings since the spring: both leads have moved on. It can be revived when someone is ready to lead "
    "it."
)
RETIRED_REASON = "The migration finished in March 2025. Questions now go to the IT Service Desk."

JOIN_MESSAGES = (
    "In my role as {title} in {department}, a lot of what this community talks about comes up every week. "
    "I'd value learning from colleagues and sharing what has worked for us.",
    "My manager suggested I join. I'm new to {department} and would like to meet people across the "
    "university who do similar work.",
    "We're about to start a project in {department} that touches on this, and I'd like to learn from people "
    "who have done it before.",
    "I've been reading the community's updates on the intranet and would like to take part properly. Happy "
    "to help with notes or organising sessions.",
    "I'm working towards a professional qualification and my development plan includes joining a community "
    "of practice in this area.",
    "A colleague in {department} recommended {community}. I'd like to come to the sessions and join the "
    "Teams channel.",
    "I moved into a role as {title} recently and would really value some peers to ask questions of.",
    "I'd like to share what we've learnt in {department} and hear how other teams handle the same problems.",
)
APPROVAL_REASONS = (
    "",
    "",
    "Welcome! Details of our next session are in the Teams channel.",
    "Great to have you with us. Do introduce yourself in the channel.",
    "Welcome aboard: I've sent you the invitation to our next meeting.",
)
DECLINE_REASONS = (
    "Thanks for asking. This community is for staff who do this work day to day; the Line Managers' Network "
    "may suit you better, and you can join it straight away.",
    "We're keeping numbers small while we try a new format this term. Please ask again in the new year.",
    "Thanks for your interest. We focus on a specialist area that doesn't match the role you describe; do "
    "get in touch if that changes.",
    "This group is for colleagues in operational roles. I've sent you details of the open sessions we run "
    "each term instead.",
)


@dataclass(frozen=True)
class PersonaSpec:
    email: str
    name: str
    role: str
    job_title: str
    department: str
    is_programme_team: bool = False
    is_operator: bool = False


ADMIN = PersonaSpec(
    "admin@example.org",
    "Amara Okafor",
    "Programme team",
    "Organisational Development Partner",
    "Organisational Development",
    is_programme_team=True,
)
LEAD = PersonaSpec(
    "lead@example.org",
    "Daniel Hughes",
    f"Lead of {LEAD_COMMUNITY}",
    "Finance Business Partner",
    "Financial Planning and Analysis",
)
MEMBER = PersonaSpec(
    "member@example.org",
    "Priya Sharma",
    f"Member of {LEAD_COMMUNITY}",
    "Management Accountant",
    "Financial Planning and Analysis",
)
NEWCOMER = PersonaSpec(
    "newcomer@example.org",
    "Jamie Fletcher",
    "Staff member in no community yet",
    "Student Records Officer",
    "Student Records and Registry",
)
OPERATOR = PersonaSpec(
    "operator@example.org",
    "Gareth Evans",
    "Operator (/admin/)",
    "Infrastructure Engineer",
    "Infrastructure and Cloud",
    is_operator=True,
)
PERSONAS = (ADMIN, LEAD, MEMBER, NEWCOMER, OPERATOR)


class DemoError(Exception):
    """The demo cannot be built here; the message says why."""


@dataclass(frozen=True)
class DemoSummary:
    """What was built. Two builds with the same seed and staff count give equal summaries."""

    service_areas: int
    departments: int
    job_families: int
    staff: int
    community_sizes: dict[str, int]  # listed communities by name: current members
    other_communities: dict[str, str]  # proposed and retired communities by name: status
    memberships: int
    people_in_a_community: int
    pending_requests: int
    decided_requests: int
    personas: tuple[PersonaSpec, ...] = PERSONAS


@dataclass
class _Staff:
    user: User
    area: str
    department: str
    job_title: str


def build_demo(*, seed: int = 2026, staff: int = 2500, progress: Progress | None = None) -> DemoSummary:
    """Create the demo organisation in one transaction: areas, departments, staff, communities, history.

    The caller decides whether the database is fit for it; this refuses only when demo people already exist.
    """
    if staff < MIN_STAFF:
        raise DemoError(f"The demo needs at least {MIN_STAFF} staff; {staff} were asked for.")
    if User.objects.filter(email__iendswith="@example.org").exists():
        raise DemoError(
            "The database already has people with example.org addresses, so the demo would clash."
        )
    with transaction.atomic():
        return _Builder(random.Random(seed), progress).build(staff)


class _Builder:
    STAGES = 6  # steps of work between the seven calls to `_advance`

    def __init__(self, rng: random.Random, progress: Progress | None) -> None:
        self.rng = rng
        self.progress = progress
        self.now = timezone.now()
        self.stage = 0
        self.areas: dict[str, ServiceArea] = {}
        self.departments: dict[str, Department] = {}
        self.families: dict[str, JobFamily] = {}
        self.department_area: dict[str, str] = {}
        self.staff: list[_Staff] = []
        self.persona_index: dict[str, int] = {}
        self.communities: dict[str, Community] = {}
        self.founded: dict[str, datetime] = {}
        self.members: dict[str, dict[int, str]] = {}  # community name -> {staff index: role}
        self.joined: dict[tuple[str, int], datetime] = {}

    def build(self, staff: int) -> DemoSummary:
        self._advance()
        self._create_organisation()
        self._advance()
        self._create_staff(staff)
        self._advance()
        self._create_communities()
        self._advance()
        self._choose_members()
        self._advance()
        memberships = self._create_memberships()
        self._advance()
        pending, decided = self._create_requests()
        self._advance()
        listed = [spec.name for spec in COMMUNITIES]
        in_any = {index for name in listed for index in self.members[name]}
        return DemoSummary(
            service_areas=len(self.areas),
            departments=len(self.departments),
            job_families=len(self.families),
            staff=len(self.staff),
            community_sizes={name: len(self.members[name]) for name in listed},
            other_communities={spec.name: spec.status for spec in (PROPOSED, RETIRED)},
            memberships=memberships,
            people_in_a_community=len(in_any),
            pending_requests=pending,
            decided_requests=decided,
        )

    def _persona(self, persona: PersonaSpec) -> User:
        return self.staff[self.persona_index[persona.email]].user

    def _advance(self) -> None:
        if self.progress:
            self.progress(self.stage, self.STAGES)
        self.stage += 1

    def _ago(self, earliest_days: float, latest_days: float = 0) -> datetime:
        """A moment between `earliest_days` and `latest_days` before now."""
        return self.now - timedelta(seconds=self.rng.uniform(latest_days * 86400, earliest_days * 86400))

    def _between(self, start: datetime, end: datetime) -> datetime:
        return start + timedelta(seconds=self.rng.uniform(0, max((end - start).total_seconds(), 0)))

    def _create_organisation(self) -> None:
        areas = [
            ServiceArea(name=name, slug=slugify(name), description=description)
            for name, (description, _departments) in ORGANISATION.items()
        ]
        self.areas = {area.name: area for area in ServiceArea.objects.bulk_create(areas)}
        departments = []
        for area, (_description, area_departments) in ORGANISATION.items():
            for name, _size, _titles in area_departments:
                departments.append(Department(name=name))
                self.department_area[name] = area
        self.departments = {d.name: d for d in Department.objects.bulk_create(departments)}
        families = JobFamily.objects.bulk_create([JobFamily(name=name) for name in JOB_FAMILIES])
        self.families = {family.name: family for family in families}

    def _create_staff(self, count: int) -> None:
        rng = self.rng
        demo_password = make_password(DEMO_PASSWORD)
        family_of = {
            title: family
            for _description, departments in ORGANISATION.values()
            for _name, _size, titles in departments
            for title, family, _weight in titles
        }
        for persona in PERSONAS:
            user = User(
                email=persona.email,
                name=persona.name,
                password=demo_password,
                is_programme_team=persona.is_programme_team,
                is_staff=persona.is_operator,
                is_superuser=persona.is_operator,
                date_joined=self._ago(3000, 200),
            )
            self.persona_index[persona.email] = len(self.staff)
            self.staff.append(
                _Staff(user, self.department_area[persona.department], persona.department, persona.job_title)
            )

        departments = [
            (area, name, titles)
            for area, (_description, area_departments) in ORGANISATION.items()
            for name, _size, titles in area_departments
        ]
        sizes = [
            size
            for _description, area_departments in ORGANISATION.values()
            for _n, size, _t in area_departments
        ]
        emails: dict[str, int] = {}
        for _ in range(count - len(PERSONAS)):
            first, last = self._name()
            base = f"{_ascii(first)}.{_ascii(last)}"
            emails[base] = emails.get(base, 0) + 1
            suffix = str(emails[base]) if emails[base] > 1 else ""
            area, department, titles = rng.choices(departments, weights=sizes)[0]
            title = rng.choices([t for t, _f, _w in titles], weights=[w for _t, _f, w in titles])[0]
            user = User(
                email=f"{base}{suffix}@example.org",
                name=f"{first} {last}",
                password=make_password(None),
                date_joined=self._ago(5000, 14),
            )
            self.staff.append(_Staff(user, area, department, title))

        User.objects.bulk_create([person.user for person in self.staff], batch_size=BATCH)
        Person.objects.bulk_create(
            [
                Person(
                    user=person.user,
                    job_title=person.job_title,
                    department=self.departments[person.department],
                    job_family=self.families[family_of.get(person.job_title, PS)],
                    service_area=self.areas[person.area],
                )
                for person in self.staff
            ],
            batch_size=BATCH,
        )

    def _name(self) -> tuple[str, str]:
        firsts, lasts = self.rng.choices(NAME_POOLS, weights=NAME_SHARES)[0]
        if self.rng.random() < 0.2:
            lasts = self.rng.choices(NAME_POOLS, weights=NAME_SHARES)[0][1]
        return self.rng.choice(firsts), self.rng.choice(lasts)

    def _create_communities(self) -> None:
        admin = self._persona(ADMIN)
        rows = []
        for spec in (*COMMUNITIES, PROPOSED, RETIRED):
            if spec is PROPOSED:
                founded = self._ago(12, 2)
            elif spec.status == Status.ACTIVE:
                founded = self._ago(1500, 200)
            else:
                founded = self._ago(1800, 1000)
            self.founded[spec.name] = founded
            community = Community(
                name=spec.name,
                slug=slugify(spec.name),
                service_area=self.areas[spec.area],
                purpose=spec.purpose,
                visibility=spec.visibility,
                status=spec.status,
                meeting_cadence=spec.cadence,
                status_changed_at=founded,
            )
            if spec is PROPOSED:
                colleagues = [
                    person.user for person in self.staff[len(PERSONAS) :] if person.area == spec.area
                ]
                community.proposed_by = self.rng.choice(colleagues)
                community.proposal_reason = PROPOSAL_REASON
            elif spec.status in {Status.DORMANT, Status.RETIRED}:
                community.status_changed_at = self._ago(300, 60)
                community.decided_by = admin
                community.decided_at = community.status_changed_at
                community.decision_reason = (
                    DORMANT_REASON if spec.status == Status.DORMANT else RETIRED_REASON
                )
            rows.append(community)
        self.communities = {c.name: c for c in Community.objects.bulk_create(rows)}
        for name, community in self.communities.items():
            Community.objects.filter(pk=community.pk).update(created_at=self.founded[name])

        links = []
        for spec in (*COMMUNITIES, RETIRED):
            slug = self.communities[spec.name].slug
            choices = [
                ("Teams channel", f"https://example.org/teams/{slug}"),
                ("SharePoint site", f"https://example.org/sites/{slug}"),
                ("Meeting notes", f"https://example.org/sites/{slug}/meeting-notes"),
            ]
            for position, (label, url) in enumerate(choices[: self.rng.randint(1, 3)]):
                links.append(
                    CommunityLink(
                        community=self.communities[spec.name], label=label, url=url, position=position
                    )
                )
        CommunityLink.objects.bulk_create(links)

    def _choose_members(self) -> None:
        """Who belongs where: most staff in no community, some in several, leads and core from the keenest."""
        rng = self.rng
        persona_indexes = set(range(len(PERSONAS)))
        candidates = [i for i in range(len(self.staff)) if i not in persona_indexes]
        engaged = rng.sample(candidates, round(len(candidates) * ENGAGED_SHARE))
        self.members = {spec.name: {} for spec in (*COMMUNITIES, PROPOSED, RETIRED)}

        def weight(spec: CommunitySpec, index: int) -> float:
            home = self.staff[index].area == spec.area
            if spec.visibility == Visibility.PRIVATE:
                return spec.size * 4 if self.staff[index].department == "Student Casework and Conduct" else 0
            return spec.size * (1.5 if spec.everyone else 6) if home else spec.size

        for index in engaged:
            how_many = rng.choices((1, 2, 3, 4), weights=(68, 22, 8, 2))[0]
            for _ in range(how_many):
                pool = [spec for spec in COMMUNITIES if index not in self.members[spec.name]]
                weights = [weight(spec, index) for spec in pool]
                if not any(weights):
                    break
                chosen = rng.choices(pool, weights=weights)[0]
                self.members[chosen.name][index] = Role.MEMBER

        for spec in COMMUNITIES:
            members = self.members[spec.name]
            home = [i for i in engaged if self.staff[i].area == spec.area and i not in members]
            while len(members) < MIN_MEMBERS:
                members[rng.choice(home or engaged)] = Role.MEMBER
                home = [i for i in home if i not in members]
        retired_pool = [i for i in engaged if self.staff[i].area == RETIRED.area] or engaged
        for index in rng.sample(retired_pool, min(len(retired_pool), rng.randint(8, 15))):
            self.members[RETIRED.name][index] = Role.MEMBER

        for spec in (*COMMUNITIES, RETIRED):
            members = self.members[spec.name]
            people = list(members)
            home = [i for i in people if self.staff[i].area == spec.area] or people
            for index in rng.sample(home, min(len(home), rng.choice((1, 2, 2, 3)))):
                members[index] = Role.LEAD
            others = [i for i in people if members[i] == Role.MEMBER]
            core = max(1, round(len(people) * rng.uniform(0.06, 0.14)))
            for index in rng.sample(others, min(len(others), core)):
                members[index] = Role.CORE

        # The lead persona leads alongside at most one other lead; the others become core members.
        lead_community = self.members[LEAD_COMMUNITY]
        for index in [i for i, role in lead_community.items() if role == Role.LEAD][1:]:
            lead_community[index] = Role.CORE
        lead_community[self.persona_index[LEAD.email]] = Role.LEAD
        lead_community[self.persona_index[MEMBER.email]] = Role.MEMBER
        self.members["Line Managers' Network"][self.persona_index[LEAD.email]] = Role.MEMBER
        self.members["Power BI and Data Reporting"][self.persona_index[MEMBER.email]] = Role.MEMBER
        self.members["Coaching and Mentoring Practitioners"][self.persona_index[ADMIN.email]] = Role.CORE

    def _create_memberships(self) -> int:
        rows = []
        for name, members in self.members.items():
            founded = self.founded[name]
            for index, role in members.items():
                if role == Role.LEAD:
                    joined = founded + timedelta(days=self.rng.uniform(0, 14))
                else:
                    joined = self._between(founded + timedelta(days=14), self.now - timedelta(days=2))
                self.joined[(name, index)] = joined
                rows.append(
                    Membership(
                        community=self.communities[name],
                        person=self.staff[index].user,
                        role=role,
                        joined_at=joined,
                    )
                )
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def _create_requests(self) -> tuple[int, int]:
        """Pending requests for leads to decide, and decided ones (with their log entries) from before."""
        rng = self.rng
        requests: list[JoinRequest] = []
        log: list[LogEntry] = []
        personas = set(range(len(PERSONAS)))
        asked: dict[str, set[int]] = {name: set() for name in self.members}
        everyone = [i for i in range(len(self.staff)) if i not in personas]

        def message(index: int, community: str) -> str:
            person = self.staff[index]
            template = rng.choice(JOIN_MESSAGES)
            return template.format(title=person.job_title, department=person.department, community=community)

        def outsider(spec: CommunitySpec) -> int:
            taken = self.members[spec.name].keys() | asked[spec.name]
            home = [i for i in everyone if self.staff[i].area == spec.area and i not in taken]
            pool = home if home and rng.random() < 0.7 else [i for i in everyone if i not in taken]
            index = rng.choice(pool)
            asked[spec.name].add(index)
            return index

        def decide(request: JoinRequest, *, lead: User, approve: bool, when: datetime) -> None:
            request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
            request.decided_by = lead
            request.decided_at = when
            request.decision_reason = rng.choice(APPROVAL_REASONS if approve else DECLINE_REASONS)
            action = LogEntry.Action.APPROVED if approve else LogEntry.Action.DECLINED
            log.append(
                LogEntry(
                    community=request.community,
                    actor=lead,
                    action=action,
                    subject=request.person,
                    detail=request.decision_reason,
                    created_at=when,
                )
            )

        pending = 0
        for spec in COMMUNITIES:
            if spec.visibility != Visibility.ON_REQUEST:
                continue
            community = self.communities[spec.name]
            members = self.members[spec.name]
            leads = [self.staff[i].user for i, role in members.items() if role == Role.LEAD]
            if spec.status == Status.ACTIVE:
                how_many = 3 if spec.name == LEAD_COMMUNITY else rng.choice((0, 1, 1, 2, 3, 4))
                for _ in range(how_many):
                    index = outsider(spec)
                    requests.append(
                        JoinRequest(
                            community=community,
                            person=self.staff[index].user,
                            message=message(index, spec.name),
                            created_at=self._ago(20, 0.1),
                        )
                    )
                    pending += 1

            wider = [i for i, role in members.items() if role == Role.MEMBER and i not in personas]
            approved = rng.sample(wider, round(len(wider) * 0.3))
            if spec.name == LEAD_COMMUNITY:
                approved.append(self.persona_index[MEMBER.email])
            for index in approved:
                when = self.joined[(spec.name, index)]
                request = JoinRequest(
                    community=community,
                    person=self.staff[index].user,
                    message=message(index, spec.name),
                    created_at=when - timedelta(days=rng.uniform(0.2, 6)),
                )
                lead = self._persona(LEAD) if spec.name == LEAD_COMMUNITY else rng.choice(leads)
                decide(request, lead=lead, approve=True, when=when)
                requests.append(request)
            for _ in range(rng.choice((0, 1, 1, 2))):
                index = outsider(spec)
                when = self._between(
                    self.founded[spec.name] + timedelta(days=14), self.now - timedelta(days=3)
                )
                request = JoinRequest(
                    community=community,
                    person=self.staff[index].user,
                    message=message(index, spec.name),
                    created_at=when - timedelta(days=rng.uniform(0.2, 6)),
                )
                decide(request, lead=rng.choice(leads), approve=False, when=when)
                requests.append(request)
        decided = len(requests) - pending

        admin = self._persona(ADMIN)
        proposed = self.communities[PROPOSED.name]
        log.append(
            LogEntry(
                community=proposed,
                actor=proposed.proposed_by,
                action=LogEntry.Action.PROPOSED,
                detail=PROPOSAL_REASON,
                created_at=self.founded[PROPOSED.name],
            )
        )
        for spec in (*COMMUNITIES, RETIRED):
            community = self.communities[spec.name]
            if spec.status in {Status.DORMANT, Status.RETIRED}:
                log.append(
                    LogEntry(
                        community=community,
                        actor=admin,
                        action=LogEntry.Action.STATUS_CHANGED,
                        detail=f"{community.get_status_display()}. {community.decision_reason}",
                        created_at=community.status_changed_at,
                    )
                )
        JoinRequest.objects.bulk_create(requests, batch_size=BATCH)
        LogEntry.objects.bulk_create(log, batch_size=BATCH)
        return pending, decided


LETTERS_WITHOUT_DECOMPOSITION = {ord("ł"): "l", ord("Ł"): "L", ord("ø"): "o", ord("ß"): "ss"}


def _ascii(name: str) -> str:
    """A name as it appears in an email address: lower case, no accents, spaces or apostrophes."""
    name = name.translate(LETTERS_WITHOUT_DECOMPOSITION)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")
