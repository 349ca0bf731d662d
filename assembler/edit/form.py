"""The `assembler edit` form, described from the case model itself.

Every field of the form, its label, help text, choices and whether the law needs it come from the
pydantic models (:mod:`assembler.case`), their ``required_facts`` and the plain-language labels of
:mod:`assembler.vocabulary`. What the model cannot say is kept in three small tables here, each
checked against the model when the form is built (a path that is not a field is an error):

- :data:`SECTIONS`: the steps of the intake interview, in the order a paralegal asks, and which
  parts of the file each step holds;
- :data:`TOGGLES`: optional parts that are either there or not (a ground pleaded, detention),
  each opened by a question;
- :data:`SHOW_IF`: parts that only apply given another answer (counsel or In Pro Per, an offer
  the People made);
- :data:`ASK` and :data:`ORDER`: the question each fact is asked with, its plain help and legal
  reason ("Why we ask"), and which questions come first in their part.

The browser renders the description (``edit.js``); nothing of the form is written twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from assembler.case import Case
from assembler.casefile.base import Address
from assembler.fields import YearMonth
from assembler.starter import DATE, PLACEHOLDER
from assembler.typeinfo import concrete
from assembler.vocabulary import LABELS

__all__ = [
    "ASK",
    "ORDER",
    "SECTIONS",
    "SHOW_IF",
    "TOGGLES",
    "Ask",
    "Section",
    "form_spec",
    "label_for",
]

JSON = dict[str, Any]


@dataclass(frozen=True)
class Section:
    """One step of the intake interview: a title, a line on what it is for, the parts it holds."""

    id: str
    title: str
    intro: str
    paths: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "client",
        "The client",
        "Who the client is: name, birth, arrival in the United States, status today, language "
        "and how to reach them.",
        ("moving_party",),
    ),
    Section(
        "plea",
        "The plea and sentence",
        "The conviction the motion challenges, count by count: the plea (or verdict), the "
        "sentence, and what happened after it.",
        ("court.county", "criminal_case", "moving_party.custody"),
    ),
    Section(
        "lawyer",
        "The lawyer and what was said",
        "Who the client's lawyer was at the plea, what the lawyer and the court said about "
        "immigration, and what the client would have done had they known.",
        ("prior_counsel", "grounds"),
    ),
    Section(
        "since",
        "What happened since",
        "The immigration consequences the conviction has had, and what the client did once they "
        "learned of them.",
        ("immigration", "timeliness"),
    ),
    Section(
        "ties",
        "Family, work and ties",
        "The client's family, work, school and community in the United States.",
        ("moving_party.ties",),
    ),
    Section(
        "evidence",
        "Evidence and declarations",
        "The documents filed with the motion, and the sworn statements that tell the facts.",
        ("exhibits", "declarations"),
    ),
    Section(
        "filing",
        "The filing",
        "What the motion asks the court to do, who files it, the court and the hearing, and how "
        "the papers are served.",
        (
            "relief",
            "self_represented",
            "filing_counsel",
            "court",
            "hearing",
            "filing_date",
            "service",
        ),
    ),
)
"""The interview's steps, in the order a paralegal asks: each holds the parts of the file it
shows (a part named here is left out of any step that holds the part around it)."""


@dataclass(frozen=True)
class Ask:
    """How the form asks for one fact: a question for its label, plain help in place of the
    model's description (an empty text drops it), and the legal reason shown behind "Why we ask"
    (besides the reason the law needs it, which the model's ``required_facts`` give)."""

    label: str | None = None
    help: str | None = None
    why: str | None = None
    item: str | None = None
    """For a list: what one of its items is called ("Add …")."""


_ADDRESS = "{} (street, city, state and ZIP code)"
ASK: dict[str, Ask] = {
    # the client
    "moving_party": Ask("The client"),
    "moving_party.legal_name": Ask("What is the client's full legal name?"),
    "moving_party.surname": Ask("What family name do the papers use with Mr. or Ms.?"),
    "moving_party.other_names": Ask(
        "Other names in the court record", "Nicknames, other spellings, names used before."
    ),
    "moving_party.honorific": Ask(
        "How should the papers address the client?",
        "Leave it unchosen to call the client by full name.",
    ),
    "moving_party.pronouns": Ask("Which pronouns do the papers use for the client?"),
    "moving_party.date_of_birth": Ask("When was the client born?", ""),
    "moving_party.a_number": Ask(
        "What is the client's A-number?",
        "The immigration file number (Alien registration number).",
    ),
    "moving_party.country_of_birth": Ask("In which country was the client born?", ""),
    "moving_party.entry": Ask(
        "Arrival in the United States",
        "When and how the client came; give the date of arrival or the age at arrival.",
    ),
    "moving_party.entry.date": Ask("When did the client first come to the United States?", ""),
    "moving_party.entry.age_at_arrival": Ask("How old was the client on arrival (in years)?", ""),
    "moving_party.entry.manner": Ask("How did the client come?"),
    "moving_party.entry.lpr_since": Ask(
        "Since when has the client been a permanent resident (green card)?", ""
    ),
    "moving_party.entry.admitted": Ask(
        "Was the client ever admitted to the United States?",
        "Yes if inspected and admitted at the border, or later given permanent residence. "
        "Entering without inspection, or parole, is not admission. Leave it unanswered to let the "
        "client's immigration status decide.",
        "It decides whether the papers state deportability grounds (INA § 237) or "
        "inadmissibility grounds (INA § 212).",
    ),
    "moving_party.immigration_status": Ask("What is the client's immigration status today?"),
    "moving_party.immigration_status_detail": Ask(
        "What kind of visa or other status?",
        "Needed when the status is a visa or another status, e.g. H-1B, TPS.",
    ),
    "moving_party.language": Ask("Language"),
    "moving_party.language.primary": Ask("What is the client's first language?"),
    "moving_party.language.reads_english": Ask(
        "Does the client read English well enough to read their own declaration?",
        "If not, the declaration is translated to the client, and the translator signs too.",
    ),
    "moving_party.language.interpreter_at_plea": Ask(
        "Did an interpreter interpret for the client in court, when the plea was entered?",
        "The declaration says so in those words. An interpreter used only in talks with the "
        "lawyer is not this: tell it under what went wrong with the interpreting.",
    ),
    "moving_party.mailing_address": Ask(
        "The client's mailing address",
        "Needed when the client files without a lawyer: it goes on the first page.",
    ),
    "moving_party.phone": Ask(
        "The client's phone number", "Needed on the first page when the client files alone."
    ),
    "moving_party.email": Ask(
        "The client's e-mail address", "On the first page when the client files alone."
    ),
    # custody
    "moving_party.custody": Ask(
        "Custody today",
        "This motion is for a person no longer in criminal custody on this case.",
    ),
    "moving_party.custody.in_criminal_custody_on_this_case": Ask(
        "Is the client still in jail, prison, or on parole for this case?", ""
    ),
    "moving_party.custody.immigration_detention.facility": Ask("Which detention center?", ""),
    "moving_party.custody.immigration_detention.location": Ask("Where is it (city and state)?", ""),
    "moving_party.custody.immigration_detention.since": Ask("Since when is the client held?", ""),
    "moving_party.custody.other_supervision": Ask(
        "Is the client on probation or in custody in another case?",
        "Describe it; it does not stop this motion.",
    ),
    # the case and counts
    "criminal_case": Ask("The criminal case"),
    "criminal_case.case_number": Ask("What is the case number?"),
    "criminal_case.prosecuting_agency": Ask("Who prosecuted the case?"),
    "criminal_case.prosecuting_agency.kind": Ask("Which kind of office prosecuted it?"),
    "criminal_case.prosecuting_agency.name": Ask("The office's name"),
    "criminal_case.prosecuting_agency.address": Ask("The office's address"),
    "criminal_case.prosecuting_agency.email": Ask(
        "The office's e-mail address for service", "Only for serving the papers electronically."
    ),
    "criminal_case.counts[].number": Ask("Count number", "The count's number in the complaint."),
    "criminal_case.counts[].code": Ask("Which code?", ""),
    "criminal_case.counts[].section": Ask("Which section?"),
    "criminal_case.counts[].description": Ask("What was the offense, in words?"),
    "criminal_case.counts[].level": Ask("Felony, misdemeanor or infraction?", ""),
    "criminal_case.counts[].reduced_17b_on": Ask(
        "If a felony was later reduced to a misdemeanor, when?",
        "Under Pen. Code § 17(b).",
    ),
    "criminal_case.counts[].disposition": Ask("How did the conviction come about?"),
    "criminal_case.counts[].offense_date": Ask("When was the offense?"),
    "criminal_case.counts[].plea_or_verdict_date": Ask("When was the plea (or the verdict)?"),
    "criminal_case.counts[].sentence_date": Ask("When was the client sentenced?"),
    "criminal_case.counts[].sentence": Ask("The sentence"),
    "criminal_case.counts[].sentence.imposition": Ask("How was the sentence given?"),
    "criminal_case.counts[].sentence.probation_kind": Ask("What kind of probation?"),
    "criminal_case.counts[].sentence.probation_months": Ask("How many months of probation?", ""),
    "criminal_case.counts[].sentence.jail_days": Ask(
        "How many days of jail did the court order?", "Leave empty if none."
    ),
    "criminal_case.counts[].sentence.jail_days_suspended": Ask(
        "Was any of the jail time not served? How many of those days were stayed or suspended?",
        "For example, stayed until probation was completed.",
    ),
    "criminal_case.counts[].sentence.credit_days": Ask(
        "How many days had the client already served (credit for time served)?",
        "Custody and conduct credit together, counted against the jail days.",
    ),
    "criminal_case.counts[].sentence.deemed_served": Ask(
        "Did the court treat the jail term as already served by the credit?", ""
    ),
    "criminal_case.counts[].sentence.jail_as_condition": Ask(
        "Were the jail days a condition of probation (not a sentence imposed)?", ""
    ),
    "criminal_case.counts[].sentence.suspended_term_days": Ask(
        "Days of a term imposed with its execution suspended", ""
    ),
    "criminal_case.counts[].sentence.prison_months": Ask("Months in state prison", ""),
    "criminal_case.counts[].sentence.fine_dollars": Ask("Fine, in dollars"),
    "criminal_case.counts[].sentence.other": Ask("Any other terms?"),
    "criminal_case.custody_ended_on": Ask(
        "When did the client's custody on this case end?",
        "The day of release, or the sentence date if no jail was served.",
    ),
    "criminal_case.probation_ended_on": Ask("When did probation end?", ""),
    "criminal_case.later_relief": Ask(
        "Orders after the conviction (dismissal, reduction …)", item="Later order"
    ),
    "criminal_case.later_relief[].kind": Ask("What did the court grant later?", ""),
    "criminal_case.later_relief[].date": Ask("When?", "The date of the order."),
    "criminal_case.later_relief[].counts": Ask(
        "Which counts did it affect?", "Leave empty if it affected all of them."
    ),
    "criminal_case.later_relief[].exhibit": Ask(
        "Which exhibit is this order?", "The exhibit's letter, e.g. C."
    ),
    # the lawyer and what was said
    "prior_counsel": Ask("The client's lawyer at the plea"),
    "prior_counsel.name": Ask("The lawyer's full name", ""),
    "prior_counsel.kind": Ask("What kind of lawyer?"),
    "prior_counsel.office": Ask("Which office or firm?"),
    "prior_counsel.state_bar_number": Ask("The lawyer's State Bar number"),
    "prior_counsel.address": Ask(
        "The lawyer's address",
        "Needed to give the lawyer notice when the motion asks the court to find the lawyer's "
        "help ineffective.",
    ),
    "prior_counsel.immigration_advice": Ask("What did the lawyer say or do about immigration?", ""),
    "prior_counsel.declaration_available": Ask("Will the lawyer sign a declaration?", ""),
    "prior_counsel.contact_efforts": Ask("Attempts to reach the lawyer", item="Attempt"),
    "prior_counsel.contact_efforts[].date": Ask("When?", ""),
    "prior_counsel.contact_efforts[].means": Ask(
        "How did counsel reach out?",
        "Tick each way used for this contact, e.g. a letter and a call. A meeting counts as a "
        "meeting, not as an attempt to reach.",
    ),
    "prior_counsel.contact_efforts[].whom": Ask(
        "Whom did counsel contact?",
        "As the words after 'I wrote to' or 'I met with', e.g. \"the Public Defender's records "
        'unit".',
    ),
    "prior_counsel.contact_efforts[].purpose": Ask(
        "Why?", "As words beginning 'to', e.g. \"to request the file for this case\"."
    ),
    "prior_counsel.contact_efforts[].method": Ask(
        "How, in words, when none of the ways above fits",
        "What follows 'I contacted … by', e.g. 'a subpoena for the file'.",
    ),
    "prior_counsel.contact_efforts[].result": Ask(
        "What came of it?", "A sentence, e.g. 'the letter was returned as undeliverable'."
    ),
    "prior_counsel.file_obtained": Ask("Was the lawyer's file obtained?", ""),
    "grounds": Ask("Grounds of the motion"),
    "grounds.a1": Ask(
        "Not understanding the immigration consequences", "", "Pen. Code § 1473.7(a)(1)."
    ),
    "grounds.a1.safe_alternative": Ask(
        "The immigration-safe alternative", "What it was, and why it was safe."
    ),
    "grounds.a2": Ask("New evidence of innocence", "", "Pen. Code § 1473.7(a)(2)."),
    "grounds.a3": Ask("Racial Justice Act", "", "Pen. Code § 1473.7(a)(3) and § 745."),
    "grounds.a1.error_theories": Ask("What went wrong at the plea?"),
    "grounds.a1.advice_received": Ask(
        "What did the lawyer tell the client about immigration?",
        "The memorandum prints it as written: full sentences about the client, e.g. 'Counsel "
        "told her the plea would not affect her green card, and said nothing else about "
        "immigration.'",
    ),
    "grounds.a1.advice_kind": Ask("What did the lawyer's immigration advice amount to?"),
    "grounds.a1.advice_quote": Ask(
        "The lawyer's own words about immigration, if known",
        "Without quotation marks, e.g. immigration is not my field.",
    ),
    "grounds.a1.client_understanding": Ask(
        "What did the client understand would happen to their immigration status?",
        "The memorandum prints it as written: a full sentence about the client, e.g. 'She "
        "believed a misdemeanor could not affect her green card.'",
    ),
    "grounds.a1.advisement": Ask("Warnings about immigration at the plea"),
    "grounds.a1.advisement.plea_form_warning": Ask("Did the plea form warn about immigration?", ""),
    "grounds.a1.advisement.court_advisement": Ask("What did the judge say about immigration?"),
    "grounds.a1.advisement.details": Ask("What did the form or the judge say?", ""),
    "grounds.a1.interpreter_problems": Ask("What went wrong with the interpreting?", ""),
    "grounds.a1.priorities_at_plea": Ask(
        "What mattered most to the client when taking the plea?",
        "A sentence or two, as the memorandum prints them: e.g. 'Her priority was to stay with "
        "her children and keep her job.'",
    ),
    "grounds.a1.deportation_paramount": Ask(
        "Was avoiding deportation what mattered most to the client at the plea?",
        "Only if the client says so: the memorandum then argues that, for them, staying here "
        "outweighed any risk of trial.",
        "Lee v. United States (2017) 582 U.S. 357: a defendant for whom avoiding deportation is "
        "the determinative issue can rationally reject a plea even when a trial is risky.",
    ),
    "grounds.a1.safe_alternative.offense": Ask(
        "What could the client have pleaded to instead?",
        "The immigration-safe offense, e.g. 'Pen. Code § 602 (trespass)'.",
    ),
    "grounds.a1.safe_alternative.sentence": Ask(
        "With what sentence?",
        "The sentence that would have gone with it, e.g. 'the same terms of summary probation'.",
    ),
    "grounds.a1.safe_alternative.short": Ask(
        "A short name for it",
        "Used after the first mention, e.g. 'the misdemeanor offer' or 'a trespass plea'.",
    ),
    "grounds.a1.safe_alternative.explanation": Ask(
        "Why would it have avoided the immigration consequences?", ""
    ),
    "grounds.a1.safe_alternative.immigration_neutral": Ask(
        "Would it have avoided every immigration consequence?",
        "Yes if it would have avoided them all, No if it would only have reduced them. Leave it "
        "unanswered if unsure: the papers then say 'avoided or reduced'.",
    ),
    "grounds.a1.safe_alternative.people_offered": Ask(
        "Did the People make this offer before the plea (or trial)?",
        "",
        "A rejected or lapsed offer is argued under Lafler, Frye and Alvernaz.",
    ),
    "grounds.a1.safe_alternative.offer_terms": Ask(
        "What were the terms of the offer?",
        "As made, e.g. 'a plea to misdemeanor battery with 24 months of summary probation'.",
    ),
    "grounds.a1.safe_alternative.offer_date": Ask("When was the offer made?", ""),
    "grounds.a1.safe_alternative.counsel_advised_rejection": Ask(
        "Did the lawyer advise rejecting the offer?",
        "No if the lawyer said nothing about it and the offer lapsed.",
    ),
    "grounds.a1.safe_alternative.offer_open": Ask(
        "How long did the offer stay open?",
        "Whether it was made again, and whether anything happened after it lapsed.",
    ),
    "grounds.a1.safe_alternative.court_approval": Ask(
        "Why would the judge have approved it?",
        "For example, the court's practice with such negotiated dispositions.",
    ),
    "grounds.a1.safe_alternative.availability": Ask(
        "What shows it was available then?",
        "The People's or the court's practice with such cases, a co-defendant's disposition.",
        "Without this fact (or an offer), the papers cannot say a safe disposition was available.",
    ),
    "grounds.a1.would_have": Ask("What would the client have done, had they known?"),
    "grounds.a1.would_have_explanation": Ask(
        "Why? In the client's terms",
        "The memorandum prints it as written: full sentences about the client (family, work, "
        "years in the United States).",
    ),
    "grounds.a1.contemporaneous_evidence": Ask(
        "Evidence from the time of the plea that immigration mattered",
        "Letters, notes, messages.",
    ),
    "grounds.a1.contemporaneous_evidence[].description": Ask(
        "What is it, and what does it show?", ""
    ),
    "grounds.a1.contemporaneous_evidence[].exhibit": Ask("Which exhibit proves it?", "Its letter."),
    "grounds.a1.argue_ineffective_assistance": Ask(
        "Also argue that the lawyer's help was ineffective?", "Optional.", "People v. Camacho."
    ),
    "grounds.a2.new_evidence": Ask("What is the new evidence of innocence?", ""),
    "grounds.a2.discovered_on": Ask("When was it discovered?", ""),
    "grounds.a2.how_discovered": Ask("How did it come to light?", ""),
    "grounds.a2.why_not_earlier": Ask("Why could it not have been found sooner?", ""),
    "grounds.a2.delay_explanation": Ask("Why was the motion not filed sooner after that?", ""),
    "grounds.a3.violations": Ask("Which kinds of violation?", "Tick each that applies."),
    "grounds.a3.facts": Ask("What happened?", "The facts of the violation."),
    "grounds.a3.discovered_on": Ask("When was the violation discovered?", ""),
    "grounds.a3.delay_explanation": Ask("Why was the motion not filed sooner after that?", ""),
    "grounds.a3.officers_conduct": Ask(
        "Does it rest, even in part, on what police officers did?", ""
    ),
    "grounds.a3.employing_agencies": Ask(
        "The agencies that employed those officers", item="Agency"
    ),
    # what happened since
    "immigration": Ask("Immigration consequences"),
    "immigration.consequences": Ask(
        "Which immigration consequences does each count carry?", "One entry per count."
    ),
    "immigration.consequences[].count": Ask("Which count?", "The count's number."),
    "immigration.consequences[].categories": Ask("Which kinds of consequence?"),
    "immigration.consequences[].other": Ask("Describe the other consequence", ""),
    "immigration.consequences[].explanation": Ask("Why does the count have it?", ""),
    "immigration.consequences[].truly_clear": Ask(
        "Did the law make this consequence plain at the time of the plea?",
        "Yes for, e.g., a conviction for a drug on the federal schedules. No when it took legal "
        "analysis to know. The attorney decides: mark it for the attorney if unsure.",
        "When the consequence was truly clear, counsel had to say so plainly (Padilla v. "
        "Kentucky); otherwise the papers argue counsel's duty to advise of the risk.",
    ),
    "immigration.consequences[].turns_on_term": Ask(
        "Does the consequence exist only because of the length of the sentence?",
        "Yes when a term one day shorter would avoid it (e.g. some aggravated felonies need a "
        "term of at least one year).",
        "INA § 101(a)(43)(F), (G).",
    ),
    "immigration.notice_to_appear_date": Ask(
        "When was the Notice to Appear (NTA) issued?", "The date on Form I-862."
    ),
    "immigration.nta_charges_ewi": Ask(
        "Does the Notice to Appear also charge being here without admission or parole?",
        "",
        "INA § 212(a)(6)(A)(i): the client is then removable without the conviction, and the "
        "papers say instead what relief the conviction bars.",
    ),
    "immigration.relief_barred": Ask(
        "What relief or status does the conviction stand in the way of?",
        "E.g. 'adjustment of status through his U.S.-citizen wife', 'cancellation of removal'.",
    ),
    "immigration.proceedings_status": Ask("Where do removal proceedings stand today?", ""),
    "immigration.immigration_court": Ask("Which immigration court?"),
    "immigration.next_hearing_date": Ask("When is the next immigration court hearing?", ""),
    "immigration.final_removal_order_date": Ask("When was a final removal order made, if any?", ""),
    "immigration.benefit_denials": Ask(
        "Applications denied because of the conviction",
        "Naturalization, a green card renewal, an adjustment of status …",
        item="Denied application",
    ),
    "immigration.benefit_denials[].benefit": Ask(
        "What was applied for?", "Alone, e.g. 'naturalization (Form N-400)'."
    ),
    "immigration.benefit_denials[].agency": Ask("Which agency denied it?"),
    "immigration.benefit_denials[].date": Ask("When was it denied?", ""),
    "immigration.benefit_denials[].reason": Ask(
        "Why was it denied?",
        "As the words after 'because'. If left empty the papers say it was denied because of "
        "the conviction.",
    ),
    "timeliness": Ask(
        "After learning of the consequences",
        "What the client did, and when, once they learned what the conviction meant.",
    ),
    "timeliness.diligence_narrative": Ask(
        "What did the client do, and when, after learning of the consequences?",
        "The memorandum prints it as written: full sentences with dates, e.g. 'She consulted "
        "an immigration attorney on May 4, 2026, and retained counsel the next week.'",
    ),
    "timeliness.events": Ask(
        "Dated events", "A notice to appear, a consultation, a records request …"
    ),
    "timeliness.events[].date": Ask("When?", ""),
    "timeliness.events[].event": Ask("What happened?", "In a sentence."),
    # ties
    "moving_party.ties": Ask(
        "Ties to the United States", "", "People v. Vivar; People v. Espinoza."
    ),
    "moving_party.ties.family": Ask("Family in the United States"),
    "moving_party.ties.family[].relationship": Ask(
        "Relationship to the client", "E.g. daughter, husband, mother."
    ),
    "moving_party.ties.family[].status": Ask("Their immigration status", ""),
    "moving_party.ties.family[].name": Ask("Name (optional)", "Children are usually not named."),
    "moving_party.ties.family[].age": Ask("Age (in years)", ""),
    "moving_party.ties.family[].since_plea": Ask(
        "Did this tie begin after the plea (born, or married, since)?",
        "Left unanswered, a child's age decides when the dates allow.",
        "The prejudice argument weighs the ties the client had at the plea (People v. Vivar); "
        "family formed since is told apart.",
    ),
    "moving_party.ties.work": Ask("Work in the United States", ""),
    "moving_party.ties.school": Ask("School in the United States", ""),
    "moving_party.ties.community": Ask("Community", "Church, volunteering, community roles."),
    "moving_party.ties.other": Ask("Other ties"),
    # evidence and declarations
    "exhibits[].label": Ask("Exhibit letter", "A, B … or a number."),
    "exhibits[].title": Ask("What is the document?", "E.g. 'Docket and minute orders'."),
    "exhibits[].description": Ask("What does it show?", "In a sentence, for the memorandum."),
    "exhibits[].file": Ask(
        "The PDF file", "The name of the PDF in the case's folder, e.g. Exhibit A - NTA."
    ),
    "exhibits[].language": Ask("Its language, if not English"),
    "exhibits[].certified_translation": Ask("Is a certified English translation attached?"),
    "exhibits[].supports": Ask("What does it help prove?", "Tick each point it supports."),
    "exhibits[].authentication": Ask(
        "How does the client know this document?",
        "In the client's own words, for documents only the client can vouch for, e.g. 'I wrote "
        "this e-mail to my lawyer on December 2, 2025.'",
    ),
    "declarations": Ask("Sworn statements (declarations)"),
    "declarations[].kind": Ask("Whose declaration is it?"),
    "declarations[].declarant": Ask(
        "Who signs it", "For an immigration expert or another witness."
    ),
    "declarations[].declarant.name": Ask("Full name", ""),
    "declarations[].declarant.title": Ask(
        "Title or relationship", "E.g. 'Attorney at Law', 'sister'."
    ),
    "declarations[].declarant.qualifications": Ask(
        "What qualifies the expert?",
        "Experience behind the opinion, e.g. 'I have practiced immigration law since 2009 …'.",
    ),
    "declarations[].language": Ask("The language the declarant reads, if not English"),
    "declarations[].translator.name": Ask("The translator's full name", ""),
    "declarations[].translator.qualification": Ask(
        "The translator's qualification", "E.g. 'certified court interpreter'."
    ),
    "declarations[].subject": Ask("What does the witness say?", "In a few words."),
    "declarations[].account": Ask(
        "The client's own story", "In the client's words (I …): the declaration tells it."
    ),
    "declarations[].account.life": Ask(
        "How did the client grow up, come here and live here?",
        "E.g. 'I grew up in Santa Ana …'.",
    ),
    "declarations[].account.told": Ask(
        "What did the lawyer and the judge tell the client about immigration?",
        "And what not, in the client's words.",
    ),
    "declarations[].account.understood": Ask(
        "What did the client understand would happen to their immigration status?",
        "In the client's own words (I …): the declaration prints it as written, e.g. 'I "
        "believed a misdemeanor could not affect my green card.'",
    ),
    "declarations[].account.mattered": Ask(
        "What mattered most to the client when taking the plea?", ""
    ),
    "declarations[].account.would_have": Ask(
        "What would the client have done, had they known the consequences?", ""
    ),
    "declarations[].account.since": Ask(
        "How did the client learn of the consequences, and what did they do then?", ""
    ),
    "declarations[].statements": Ask(
        "Paragraphs of the statement",
        "In the declarant's own words, one paragraph each.",
        item="Paragraph",
    ),
    "declarations[].executed_on": Ask(
        "When will it be signed?", "Leave empty to leave a blank to date by hand."
    ),
    "declarations[].executed_at": Ask("Where will it be signed (city and state)?", ""),
    # the filing
    "relief": Ask("What the motion asks", ""),
    "relief.vacate_counts": Ask(
        "Which counts should the court vacate?", "Their numbers.", item="Count to vacate"
    ),
    "relief.withdraw_plea": Ask(
        "Ask to withdraw the plea?",
        "",
        "Pen. Code § 1473.7: the court may allow the plea to be withdrawn.",
    ),
    "relief.specific_iac_finding": Ask(
        "Ask the court to find that the lawyer's help was ineffective?",
        "The lawyer is then given notice of the motion.",
    ),
    "relief.dismissal_basis": Ask(
        "Also ask the court to dismiss the case after vacating? Why?",
        "Only when asking for dismissal as well.",
    ),
    "relief.after_vacatur": Ask(
        "What should happen once the conviction is vacated?",
        "As words after 'the court should', e.g. 'refer the case for a determination of "
        "eligibility for pretrial diversion'.",
    ),
    "relief.alternative_sentence": Ask(
        "If only the sentence is changed, what lawful sentence should the court impose instead?",
        "E.g. '364 days in county jail as the condition of probation'.",
    ),
    "relief.alternative_sentence_reason": Ask(
        "Why would the court have given that sentence, had the lawyer asked?",
        "What the sentencing record shows about how the term was chosen.",
    ),
    "relief.appoint_counsel": Ask(
        "Ask the court to appoint a lawyer?", "Only when the client files without a lawyer."
    ),
    "relief.without_personal_presence": Ask(
        "Hearing without the client", "Asked for good cause, e.g. the client was removed."
    ),
    "declarations[].declarant.state_bar_number": Ask("State Bar number (for an attorney)"),
    "declarations[].translator": Ask("The translator"),
    "relief.without_personal_presence.reason": Ask("Why can the client not come?", ""),
    "relief.without_personal_presence.explanation": Ask("The facts of it", "For good cause."),
    "self_represented": Ask("Is the client filing without a lawyer (In Pro Per)?", ""),
    "filing_counsel": Ask("The attorney filing the motion", ""),
    "filing_counsel.name": Ask("The attorney's full name", ""),
    "filing_counsel.state_bar_number": Ask("State Bar number", ""),
    "filing_counsel.firm": Ask("Firm or organization"),
    "filing_counsel.address": Ask("Office address", ""),
    "filing_counsel.phone": Ask("Phone", ""),
    "filing_counsel.email": Ask("E-mail", ""),
    "filing_counsel.attorney_for": Ask("Attorney for", "E.g. 'Defendant and Moving Party'."),
    "court": Ask("The court"),
    "court.county": Ask("In which county was the client convicted?", "The motion is filed there."),
    "court.courthouse": Ask("Which courthouse or branch?"),
    "court.address": Ask("The courthouse's address"),
    "court.department": Ask("Which department?"),
    "court.judge": Ask("Which judge, if known?"),
    "hearing": Ask("The hearing"),
    "hearing.to_be_set": Ask(
        "Has the clerk still to set the hearing?", "Only for a draft: a filed motion needs it."
    ),
    "hearing.renotice_of": Ask(
        "Was the motion already filed, and the hearing only now set? When was it filed?",
        "Then this is a new notice of the hearing, and the build makes only that notice and its "
        "proof of service.",
    ),
    "hearing.date": Ask("Hearing date", ""),
    "hearing.time": Ask("Hearing time", "E.g. 08:30."),
    "hearing.department": Ask("Hearing department", ""),
    "filing_date": Ask("When will the motion be filed?", "Timeliness is measured to this date."),
    "service": Ask("Serving the papers"),
    "service.method": Ask("How are the papers served on the prosecutor?", ""),
    "service.server": Ask("Who serves the papers?"),
    "service.server.name": Ask(
        "The server's full name", "Not the client: someone else signs the proof of service."
    ),
    "service.server.address": Ask("The server's address"),
    "service.server.address_kind": Ask(
        "Is that a business or a home address?",
        "Unanswered: business when an attorney files, home for a client filing alone.",
    ),
    "service.server.email": Ask("The server's e-mail", "For electronic service."),
    "service.date": Ask("When were the papers served?", "Leave empty until they are served."),
    "service.place": Ask("Where were they served (city)?"),
}
"""How the form asks for each fact: the question and plain help of the interview, where the
model's label and description are written for a case file's author."""

ORDER: dict[str, tuple[str, ...]] = {
    "criminal_case.counts[].sentence": (
        "imposition",
        "probation_kind",
        "probation_months",
        "jail_days",
        "jail_days_suspended",
        "credit_days",
        "deemed_served",
        "jail_as_condition",
    ),
    "grounds.a1.safe_alternative": (
        "offense",
        "sentence",
        "explanation",
        "immigration_neutral",
        "people_offered",
    ),
}
"""Fields asked first in their part, in this order (a question that opens others comes before
them); the rest follow in the model's order."""

HIDDEN: frozenset[str] = frozenset({"$schema", "schema_version", "unanswered"})
"""Top-level keys the form keeps as they are and does not show."""

TOGGLES: dict[str, str] = {
    "grounds.a1": "Did the client not understand the immigration consequences of the plea "
    "(because of what the lawyer or the court said, or did not say)?",
    "grounds.a2": "Is there new evidence that the client is innocent?",
    "grounds.a3": "Was the conviction obtained through racial bias (Racial Justice Act)?",
    "grounds.a1.safe_alternative": "Was there another plea or sentence that would have been safe "
    "for immigration?",
    "moving_party.custody.immigration_detention": "Is the client held in immigration detention?",
    "relief.without_personal_presence": "Should the court hear the motion without the client "
    "there?",
    "declarations[].translator": "Did a translator translate this declaration for the declarant?",
    "prior_counsel": "Did the client have a lawyer at the plea (or trial)?",
}
"""Optional parts that are either there or not: the form asks the question, then the part."""

_DECLARANT_KINDS = ["immigration_expert", "other"]
SHOW_IF: dict[str, JSON] = {
    "filing_counsel": {"at": "self_represented", "is_not": True},
    "hearing.date": {"at": ".to_be_set", "is_not": True},
    "hearing.time": {"at": ".to_be_set", "is_not": True},
    "hearing.department": {"at": ".to_be_set", "is_not": True},
    "declarations[].declarant": {"at": ".kind", "in": _DECLARANT_KINDS},
    "declarations[].subject": {"at": ".kind", "is": "other"},
    "declarations[].account": {"at": ".kind", "is": "moving_party"},
    "declarations[].statements": {"at": ".kind", "is_not": "moving_party"},
    "declarations[].translator": {
        "any": [
            {"at": ".language", "set": True},
            {
                "all": [
                    {"at": ".kind", "is": "moving_party"},
                    {"at": "moving_party.language.reads_english", "is": False},
                ]
            },
        ]
    },
    "grounds.a1.interpreter_problems": {
        "at": ".error_theories",
        "contains": "interpreter_problems",
    },
    "grounds.a1.safe_alternative.offer_terms": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.offer_date": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.counsel_advised_rejection": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.offer_open": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.court_approval": {"at": ".people_offered", "is": True},
    "grounds.a1.safe_alternative.availability": {"at": ".people_offered", "is_not": True},
    "criminal_case.counts[].sentence.jail_days_suspended": {"at": ".jail_days", "set": True},
    "criminal_case.counts[].sentence.credit_days": {"at": ".jail_days", "set": True},
    "criminal_case.counts[].sentence.deemed_served": {"at": ".jail_days", "set": True},
    "criminal_case.counts[].sentence.jail_as_condition": {"at": ".jail_days", "set": True},
    "criminal_case.counts[].sentence.probation_months": {"at": ".probation_kind", "set": True},
    "relief.appoint_counsel": {"at": "self_represented", "is": True},
    "moving_party.immigration_status_detail": {
        "at": ".immigration_status",
        "in": ["visa", "other"],
    },
    "immigration.next_hearing_date": {"at": ".proceedings_status", "is": "pending"},
    "immigration.consequences[].other": {"at": ".categories", "contains": "other"},
}
"""Parts that only apply given another answer. ``at`` is a path from the top of the case file,
or from the object that holds the part when it starts with a dot."""

_WORDS = {
    "a": "A",
    "lpr": "LPR",
    "dej": "DEJ",
    "iac": "IAC",
    "17b": "17(b)",
    "us": "U.S.",
    "rja": "RJA",
    "a1": "Ground (a)(1)",
    "a2": "Ground (a)(2)",
    "a3": "Ground (a)(3)",
}


def label_for(name: str, info: FieldInfo | None = None) -> str:
    """A field's label: its model ``title`` if it has one, else its name in words."""
    if info is not None and info.title:
        return info.title
    if name == "a_number":
        return "A-number"
    words = [_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _item_label(annotation: Any, label: str) -> str:
    """What one item of a list is called: its model's name in words, else the label singular."""
    for candidate in concrete(annotation, lists=True):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            words = re.findall(r"[A-Z][a-z]*", candidate.__name__)
            return " ".join([words[0], *(w.lower() for w in words[1:])])
    if label.endswith("ies"):
        return label[:-3] + "y"
    return label[:-1] if label.endswith("s") else label


def _extras(annotation: Any, info: FieldInfo | None) -> JSON:
    """The JSON-schema extras of a field and of the types it is annotated with."""
    found: JSON = {}
    for arg in _annotated_parts(annotation):
        for meta in getattr(arg, "__metadata__", ()):
            extra = getattr(meta, "json_schema_extra", None)
            if isinstance(extra, dict):
                found |= extra
    if info is not None and isinstance(info.json_schema_extra, dict):
        found |= info.json_schema_extra
    return found


def _annotated_parts(annotation: Any) -> list[Any]:
    parts = [annotation]
    for arg in get_args(annotation):
        parts.extend(_annotated_parts(arg))
    return parts


def _scalar(annotation: Any, extras: JSON) -> JSON:
    """The input a scalar type gets."""
    kinds = [t for t in concrete(annotation) if t is not type(None)]
    kind = kinds[0] if kinds else str
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        labels = LABELS.get(kind, {})
        return {
            "kind": "choice",
            "choices": [[m.value, labels.get(m.value, m.value)] for m in kind],
        }
    if kind is bool:
        return {"kind": "bool"}
    if kind is int:
        return {"kind": "integer"}
    if kind is float:
        return {"kind": "number"}
    if kind is dt.date:
        # A partial date (PartialDate) also takes a month or a year: "2002", "Jan 2026".
        return {"kind": "date", "partial": YearMonth in kinds}
    if kind is dt.time:
        return {"kind": "time"}
    return {"kind": "textarea" if extras.get("x-multiline") else "text"}


class _Builder:
    """Walks the model from the top, checking the tables' paths as it meets them."""

    def __init__(self) -> None:
        self.met: set[str] = set()

    def field(self, model: type[BaseModel], name: str, generic: str) -> JSON:
        info = model.model_fields[name]
        key = info.alias or name
        path = f"{generic}.{key}" if generic else key
        self.met.add(path)
        node = self.value(info.annotation, path, info)
        node["key"] = key
        node["label"] = label_for(key, info)
        summary = node.pop("summary", None)
        if info.description:
            node["help"] = info.description
        elif summary:
            node["help"] = summary  # an object's help: its model's first line
        why = getattr(model, "required_facts", {}).get(name)
        if why:
            node["required"] = why
        examples = _extras(info.annotation, info).get("examples")
        if examples:
            node["example"] = str(examples[0])
        if node["kind"] == "bool" and isinstance(info.default, bool):
            node["default"] = info.default
        if node["kind"] == "list":
            node["item_label"] = _item_label(info.annotation, node["label"])
        if path in TOGGLES:
            node["toggle"] = TOGGLES[path]
        if path in SHOW_IF:
            node["show_if"] = SHOW_IF[path]
        _asked(node, ASK.get(path))
        return node

    def value(self, annotation: Any, path: str, info: FieldInfo | None = None) -> JSON:
        """The node of a value: an object, a list, or a scalar input."""
        for candidate in concrete(annotation):
            if get_origin(candidate) is list:
                item = self.value(get_args(candidate)[0], f"{path}[]")
                return {"kind": "list", "item": item, "path": path}
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                return self.model(candidate, path)
        node = _scalar(annotation, _extras(annotation, info))
        node["path"] = path
        return node

    def model(self, model: type[BaseModel], path: str) -> JSON:
        first = ORDER.get(path, ())
        names = [*first, *(n for n in model.model_fields if n not in first)]
        fields = [self.field(model, name, path) for name in names if name in model.model_fields]
        node: JSON = {"kind": "object", "fields": fields, "path": path}
        if model is Address:
            node["address"] = True  # the page offers the whole address on one line too
        doc = model.__doc__ if "__doc__" in vars(model) else None
        if doc and model is not Case:
            node["summary"] = doc.strip().splitlines()[0]
        return node


def _asked(node: JSON, ask: Ask | None) -> None:
    """``node`` asked as the interview asks it (:data:`ASK`)."""
    if ask is None:
        return
    if ask.label:
        node["label"] = ask.label
    if ask.help is not None:
        if ask.help:
            node["help"] = ask.help
        else:
            node.pop("help", None)
    if ask.why:
        node["why"] = ask.why
    if ask.item:
        node["item_label"] = ask.item


def _prune(node: JSON, elsewhere: set[str]) -> JSON:
    """The node without the parts another section shows."""
    if node.get("kind") == "object":
        fields = [_prune(f, elsewhere) for f in node["fields"] if f["path"] not in elsewhere]
        return {**node, "fields": fields}
    return node


def _find(root: JSON, path: str) -> JSON:
    node = root
    for key in path.split("."):
        node = next(f for f in node["fields"] if f["key"] == key)
    return node


@cache
def form_spec() -> JSON:
    """The whole form: its sections, each with the parts of the case file it holds.

    Raises:
        ValueError: a table names a path that is not a field of the case model, or a top-level
            field is in no section (the form would hide part of the file).
    """
    builder = _Builder()
    root = builder.model(Case, "")
    named = [p for s in SECTIONS for p in s.paths]
    ordered = [f"{part}.{name}" for part, names in ORDER.items() for name in names]
    tables = [*named, *TOGGLES, *SHOW_IF, *ASK, *ordered]
    unknown = sorted(p for p in tables if p not in builder.met)
    if unknown:
        raise ValueError(f"the edit form names parts the case model does not have: {unknown}")
    top = {f["key"] for f in root["fields"]}
    unplaced = sorted(top - {p for p in named if "." not in p} - HIDDEN)
    if unplaced:
        raise ValueError(f"the edit form shows no section for: {unplaced}")
    elsewhere = set(named)
    sections = []
    for section in SECTIONS:
        nodes = [_prune(_find(root, p), elsewhere - {p}) for p in section.paths]
        sections.append(
            {"id": section.id, "title": section.title, "intro": section.intro, "nodes": nodes}
        )
    return {
        "sections": sections,
        "placeholder": {"prefix": PLACEHOLDER, "date": DATE},
    }


_INDEX = re.compile(r"\[\d+\]")


def generic_path(path: str) -> str:
    """A problem's path with its list indices left out: ``counts[0].section`` -> ``counts[].section``."""
    return _INDEX.sub("[]", path)
