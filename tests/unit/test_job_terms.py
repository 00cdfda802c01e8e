"""Job-description key terms, their use in answers, and question ranking (feedback.job_terms)."""

from __future__ import annotations

import pytest

from interview_core.feedback import build_report, render_html
from interview_core.feedback.fakes import fake_session
from interview_core.feedback.job_terms import extract_job_terms, job_terms_used, rank_questions
from interview_core.questions.bank import load_bank

pytestmark = pytest.mark.unit

SRE_POSTING = """Site Reliability Engineer

About us: we are an equal opportunity employer with great benefits.
What you will do:
- Own monitoring and alerting for our payment services
- Lead incident response and write blameless postmortems
- Debug production issues using logs and distributed tracing
Requirements:
- 3+ years of experience with Kubernetes
- Strong communication skills
"""


def test_terms_are_the_postings_skills_not_its_boilerplate():
    # Given a job posting with a title, boilerplate and bullet lists
    terms = extract_job_terms(SRE_POSTING, load_bank().role("software-engineer").questions)
    # Then its skills are terms, in lower case
    for term in ("monitoring", "incident response", "blameless postmortems", "kubernetes", "logs"):
        assert term in terms, terms
    # And neither the title, nor boilerplate, nor experience requirements are
    words = {w for t in terms for w in t.split()}
    assert not words & {"engineer", "reliability", "benefits", "equal", "years", "experience", "strong"}


def test_terms_are_deduplicated_by_stem_and_limited():
    text = "Python developer wanted.\n" + "\n".join(f"- skill{i} with python" for i in range(40))
    terms = extract_job_terms(text, limit=5)
    assert len(terms) == 5
    assert terms.count("python") == 1


def test_tech_terms_keep_their_punctuation():
    terms = extract_job_terms("Job\nYou know C++, C#, .NET, Node.js and CI/CD. You run A/B tests.")
    for term in ("c++", "c#", ".net", "node.js", "ci/cd", "a/b tests"):
        assert term in terms, terms


def test_a_term_is_used_when_a_sentence_has_all_its_words_stemmed():
    used = job_terms_used(
        ["monitoring", "incident response", "postmortems", "kubernetes", "root cause"],
        ["I monitored the alerts. Our response to the incident was slow, so I wrote the postmortem.",
         "The root of it was a config change. We found the cause later."],
    )  # fmt: skip
    # Then "root cause" is not used: its words are in different sentences
    assert used.used == ["monitoring", "incident response", "postmortems"]
    assert used.missed == ["kubernetes", "root cause"]


def test_questions_most_relevant_to_the_job_come_first():
    questions = load_bank().role("software-engineer").questions
    # Given a posting about production reliability, and one about scaling a high-traffic API
    sre = [q.id for q in rank_questions(questions, SRE_POSTING)]
    api_posting = "API team\nScale our API: caching, database replication, latency, availability."
    scale = [q.id for q in rank_questions(questions, api_posting)]
    # Then the hardest-bug question leads the first, the system-design question the second
    assert sre[0] == "swe-hard-bug"
    assert scale[0] == "swe-design-url-shortener"
    # And ranking only reorders
    assert sorted(sre) == sorted(q.id for q in questions)


def test_unrelated_description_keeps_the_bank_order():
    questions = load_bank().role("sales").questions
    ranked = rank_questions(questions, "Gardening club\nWe grow tomatoes, courgettes and beans together.")
    assert [q.id for q in ranked] == [q.id for q in questions]


def test_report_shows_job_terms_per_answer_and_overall():
    # Given a session tailored to a job description whose terms the answers partly use
    data = fake_session().model_copy(update={"job_terms": ("team", "kubernetes")})
    report = build_report(data)
    # Then every answer and the whole report split the terms into used and missed
    assert report.job_terms is not None
    assert set(report.job_terms.used) | set(report.job_terms.missed) == {"team", "kubernetes"}
    assert "kubernetes" in report.job_terms.missed
    assert all(a.job_terms is not None for a in report.answers)
    # And the HTML report lists them, escaped
    html = render_html(build_report(fake_session().model_copy(update={"job_terms": ("<b>k8s</b>",)})))
    assert 'id="h-job-terms"' in html and '<span class="no">&lt;b&gt;k8s&lt;/b&gt;</span>' in html
    # And a session without a job description has none
    plain = build_report(fake_session())
    assert plain.job_terms is None and 'id="h-job-terms"' not in render_html(plain)
