"""The demo organisation's data: service areas, departments, job titles, names, communities and personas.

Plain tables read by `demo.py`; nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Status, Visibility

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


@dataclass(frozen=True)
class Fit:
    """Whose work a community is about, each named by a department, a job title or a job family.

    `heart`: the people it is for; its leads and core members come from them, and they answer its questions.
    `wider`: people elsewhere whose work touches it, who join as wider members, fewer of them.
    `exceptions`: job titles outside both that still make sense there, a few at most: the cross-area members.
    Nobody else is a member or asks to join.
    """

    heart: tuple[str, ...]
    wider: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()

    def of(self, *, department: str, title: str, family: str) -> str | None:
        """ "heart", "wider", "exception" or None: how someone with this job fits."""
        job = {department, title, family}
        if job & set(self.heart):
            return "heart"
        if job & set(self.wider):
            return "wider"
        if title in self.exceptions:
            return "exception"
        return None


SUPERVISORS = (
    "Cleaning Supervisor",
    "Security Supervisor",
    "Hospitality Supervisor",
    "Customer Services Supervisor",
)
# fmt: off
FITS: dict[str, Fit] = {
    LEAD_COMMUNITY: Fit(
        heart=("Financial Planning and Analysis", "Financial Accounting and Reporting", "Research Finance"),
        wider=("Payments Team Leader", "Payroll Manager", "Head of Procurement"),
        exceptions=("Planning Officer", "Management Information Analyst", "Research Costing Officer"),
    ),
    "Procurement and Contract Management": Fit(
        heart=("Procurement", "Contracts Manager", "Contracts Officer", "Research Contracts Manager"),
        wider=(MGMT, "Accounts Payable Assistant", "Project Manager"),
        exceptions=("Energy Manager", "Sustainability Officer", "Business Analyst"),
    ),
    "Line Managers' Network": Fit(
        heart=(MGMT, "HR Business Partnering", *SUPERVISORS),
        wider=(PS, TECH),
    ),
    "Coaching and Mentoring Practitioners": Fit(
        heart=("Organisational Development", "HR Business Partner"),
        wider=(MGMT, PS),
        exceptions=("Security Supervisor", "Hospitality Supervisor"),
    ),
    "Equality, Diversity and Inclusion Practitioners": Fit(
        heart=("Equality, Diversity and Inclusion", "HR Business Partner", "Recruitment Adviser",
               "Disability Adviser"),
        wider=(PS, MGMT),
        exceptions=("Cleaning Supervisor", "Catering Assistant", "Porter"),
    ),
    "Sustainability and Net Zero": Fit(
        heart=("Sustainability", "Building Services Engineer", "Category Manager", "Catering Manager"),
        wider=(PS, TECH, MGMT, OPS),
    ),
    "Health and Safety Coordinators": Fit(
        heart=("Health and Safety", "Occupational Health Adviser", "Maintenance Manager", "Housekeeping Manager",
               "Catering Manager", "Head of Security", *SUPERVISORS),
        wider=(MGMT, "Clerk of Works", "Building Services Engineer"),
        exceptions=("Chef", "Electrician", "Staff Wellbeing Coordinator"),
    ),
    "Power BI and Data Reporting": Fit(
        heart=("Data and Business Intelligence", "Management Information Analyst", "Financial Analyst",
               "HR Data Officer", "Reward Analyst", "Planning Officer"),
        wider=("Management Accountant", "Finance Business Partner", "Business Analyst", "HR Systems Analyst",
               "Timetabling Officer", "Space Planner", "Research Data Officer", "Student Records Officer",
               "Quality Officer", "Applications Support Analyst", "Software Developer", "Head of Planning",
               "Research Finance Officer", "Admissions Officer"),
        exceptions=("Energy Manager", "Examinations Officer"),
    ),
    "Project and Change Practitioners": Fit(
        heart=("Portfolio and Project Office", "Capital Projects", "Project Manager", "Business Analyst",
               "Change Manager"),
        wider=("Business Applications", "Organisational Development Partner", "HR Systems Analyst", MGMT),
        exceptions=("Timetabling Manager", "Category Manager"),
    ),
    "Service Design and User Research": Fit(
        heart=("Business Analyst", "Web Content Editor", "Digital Content Officer", "Digital Education Developer",
               "Learning Technologist", "Change Manager"),
        wider=("Business Applications", "Web and Digital Content", "Digital Learning", "Student Records and Registry",
               "Library Customer Services", "Marketing", "Accommodation Services", "Careers and Employability"),
        exceptions=("Timetabling Officer",),
    ),
    "Student Wellbeing Practitioners": Fit(
        heart=("Student Wellbeing", "Disability and Inclusion Support"),
        wider=("Student Funding and Advice", "Residence Life Coordinator", "Accommodation Officer",
               "Occupational Health and Wellbeing", "Student Casework Officer"),
        exceptions=("Security Supervisor", "Academic Liaison Librarian"),
    ),
    "Student Casework and Conduct Officers": Fit(heart=("Student Casework and Conduct",)),
    "Careers and Employability Network": Fit(
        heart=("Careers and Employability",),
        wider=("Alumni Relations Officer", "Knowledge Exchange Manager", "Learning Development Adviser",
               "Student Recruitment Officer", "International Officer"),
        exceptions=("Recruitment Adviser",),
    ),
    "Research Funding and Costing": Fit(
        heart=("Pre-Award and Costing", "Research Development", "Research Finance"),
        wider=("Research Contracts", "Doctoral College", "Knowledge Exchange and Impact"),
        exceptions=("Management Accountant", "Financial Analyst"),
    ),
    "Knowledge Exchange and Impact": Fit(
        heart=("Knowledge Exchange and Impact", "Research Development Manager"),
        wider=("Research Contracts", "Research Development", "Employer Engagement Officer",
               "Media Relations Officer", "Development Officer"),
        exceptions=("Placements Officer",),
    ),
    "Research Data Management": Fit(
        heart=("Research Data and Scholarly Communications", "Academic Liaison Librarian"),
        wider=("Research Integrity and Ethics", "Records Manager", "Data Engineer", "Infrastructure Engineer",
               "Cloud Platform Engineer", "Postgraduate Research Administrator", "Metadata Librarian",
               "Data Protection Officer"),
        exceptions=("Archivist",),
    ),
    "Web Content and Digital Accessibility": Fit(
        heart=("Web and Digital Content", "Marketing", "Digital Learning", "Communications Officer"),
        wider=(PS, "Business Applications"),
    ),
    "Internal Communications Network": Fit(
        heart=("Communications and Media",),
        wider=("Marketing", "Organisational Development Partner", "HR Business Partner", "Web Content Editor",
               "Digital Content Officer", "Events Officer", "Staff Wellbeing Coordinator"),
        exceptions=("Housekeeping Manager", "Cleaning Supervisor"),
    ),
    "Information Governance and Data Protection": Fit(
        heart=("Information Governance", "Legal Services"),
        wider=("HR Data Officer", "Student Records Officer", "Research Ethics Officer", "Information Security",
               "Research Data Officer", "HR Systems Analyst", "Examinations Officer", "Recruitment Administrator",
               MGMT),
    ),
    "Committee Secretaries' Network": Fit(
        heart=("Governance and Committee Services",),
        wider=("Quality Assurance and Enhancement", "Doctoral College Manager", "Postgraduate Research Administrator",
               "Examinations Officer", "Research Ethics Officer"),
    ),
    PROPOSED.name: Fit(heart=("Recruitment and Resourcing", "Learning and Development Adviser")),
    RETIRED.name: Fit(heart=("Service Desk",), wider=(PS, TECH, MGMT)),
}
# fmt: on

FOUNDING_REASON = "Colleagues doing this work across the university wanted one place to share it."
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
    "We keep the group to practitioners so people can talk freely. I've sent you details of the open sessions "
    "we run each term instead.",
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
