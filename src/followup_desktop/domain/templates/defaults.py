"""The default texts: a template for every kind and channel.

A template is the user's starting point, never the finished note: every default names the
person exactly as stored, names the company and carries one specific from the conversation.
"""

from __future__ import annotations

from followup_desktop.domain.model import Channel
from followup_desktop.domain.templates.kinds import NoteKind, Template

_K, _C = NoteKind, Channel
_SIGN_OFF = "Best regards,\n{sender}"
_CARD_SIGN_OFF = "Warm regards,\n{sender}"
_LETTER_HEAD = "{name}\n{title}\n{company}\n\nDear {greeting_name},\n\n"
_LETTER_SIGN_OFF = "Yours sincerely,\n{sender}"
_CALL_HEAD = "Call {name} at {company}\n\nGreeting:\n"
_ASK_QUESTIONS = "- When do you expect to decide?\n- Is there a second round?\n"
_CHECK_QUESTIONS = "- Is the position still open?\n" + _ASK_QUESTIONS

# (subject, body) per kind and channel. Style: short, warm, first person, one specific per
# note, no stock phrases about "the opportunity to discuss my qualifications".
_TEXTS: dict[tuple[NoteKind, Channel], tuple[str, str]] = {
    (_K.THANK_YOU, _C.EMAIL): (
        "Thank you for our conversation about the {position} role",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me {on_interview_day}. One part of our conversation has "
        "stayed with me: {specific}. It made me even more excited about the {position} role "
        "at {company}.\n\n"
        "If there is anything else I can send you, I would be glad to.\n\n" + _SIGN_OFF,
    ),
    (_K.THANK_YOU, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me {on_interview_day}. I keep coming back to one part of "
        "our conversation: {specific}.\n\n"
        "I left even more excited about the {position} role at {company}.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.THANK_YOU, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "Thank you for the time you gave me {on_interview_day} to talk about the {position} "
        "position at {company}, and for answering my questions so openly.\n\n"
        "One part of our conversation has stayed with me in particular: {specific}. It "
        "confirmed how much I would like to contribute to your team.\n\n"
        "Should you need anything further from me, I would be glad to provide it.\n\n"
        + _LETTER_SIGN_OFF,
    ),
    (_K.THANK_YOU, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. "
        "We met {on_interview_day} about the {position} role. "
        "Do you have two minutes?\n\n"
        "Say:\n"
        "- Thank you for your time and the open conversation.\n"
        "- What stayed with me: {specific}.\n"
        "- I am still very interested in the {position} role at {company}.\n\n"
        "Close:\n- Thank them, and note anything they say about next steps.\n",
    ),
    (_K.SECOND_ROUND_THANKS, _C.EMAIL): (
        "Thank you for the second conversation about the {position} role",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me again {on_interview_day}. The second round gave me a "
        "much clearer picture of {company}, and one part stood out: {specific}.\n\n"
        "I am now even more sure that I would like to join you in the {position} role. If "
        "anything else would help your decision, please let me know.\n\n" + _SIGN_OFF,
    ),
    (_K.SECOND_ROUND_THANKS, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me again {on_interview_day}. The second round showed me "
        "even more of {company}, and one part stood out: {specific}.\n\n"
        "I would love to join you in the {position} role.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.SECOND_ROUND_THANKS, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "Thank you for meeting with me again {on_interview_day} for the second round of "
        "interviews for the {position} position at {company}.\n\n"
        "This conversation gave me a much clearer picture of the work, and one part stood "
        "out: {specific}. I am now even more certain that I would like to join your team.\n\n"
        "If anything further would help your decision, I would be glad to provide it.\n\n"
        + _LETTER_SIGN_OFF,
    ),
    (_K.SECOND_ROUND_THANKS, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. "
        "We met again {on_interview_day} for the second round "
        "for the {position} role. Do you have two minutes?\n\n"
        "Say:\n"
        "- Thank you for meeting me again.\n"
        "- What stood out this time: {specific}.\n"
        "- I would really like to join {company} in this role.\n\n"
        "Close:\n- Thank them, and note anything they say about next steps.\n",
    ),
    (_K.KEEP_IN_TOUCH, _C.EMAIL): (
        "Following up on our conversation about the {position} role",
        "Dear {greeting_name},\n\n"
        "Since we spoke, one part of our conversation has stayed with me: {specific}. "
        "{idea_intro}: {idea}.\n\n"
        "No need to reply; I simply thought it might be useful. I remain very interested in "
        "the {position} role at {company}.\n\n" + _SIGN_OFF,
    ),
    (_K.KEEP_IN_TOUCH, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "Since we spoke, I keep coming back to {specific}. {idea_intro}: {idea}.\n\n"
        "I remain very interested in the {position} role at {company}.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.KEEP_IN_TOUCH, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "Since our conversation about the {position} position at {company}, one part of it "
        "has stayed with me: {specific}.\n\n"
        "{idea_intro}: {idea}. There is no need to reply; I thought it might be of use.\n\n"
        "I remain very interested in the position and would be glad to hear from you.\n\n"
        + _LETTER_SIGN_OFF,
    ),
    (_K.KEEP_IN_TOUCH, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. We spoke about the {position} role, and I have "
        "something that might be useful to you. Do you have two minutes?\n\n"
        "Say:\n"
        "- Since we spoke, I keep thinking about: {specific}.\n"
        "- {idea_intro}: {idea}.\n"
        "- I am still very interested in the {position} role at {company}.\n\n"
        "Close:\n- Keep it short, and thank them for their time.\n",
    ),
    (_K.ASK_ABOUT_DECISION, _C.EMAIL): (
        "Thank you, and a question about the next steps for the {position} role",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me {on_interview_day}. One part of our conversation has "
        "stayed with me: {specific}. It made me even more excited about the {position} role "
        "at {company}.\n\n"
        "May I ask when you expect to decide, and whether there will be a second round?\n\n"
        + _SIGN_OFF,
    ),
    (_K.ASK_ABOUT_DECISION, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me {on_interview_day}. I keep coming back to one part of "
        "our conversation: {specific}.\n\n"
        "I would love to join {company} as {position}, and would be grateful to hear when you "
        "expect to decide and whether there will be a second round.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.ASK_ABOUT_DECISION, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "Thank you for the time you gave me {on_interview_day} to talk about the {position} "
        "position at {company}.\n\n"
        "One part of our conversation has stayed with me in particular: {specific}. It "
        "confirmed how much I would like to contribute to your team.\n\n"
        "May I ask when you expect to reach a decision, and whether there will be a second "
        "round of interviews?\n\n" + _LETTER_SIGN_OFF,
    ),
    (_K.ASK_ABOUT_DECISION, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. "
        "We met {on_interview_day} about the {position} role. "
        "Do you have two minutes?\n\n"
        "Say:\n"
        "- Thank you for your time and the open conversation.\n"
        "- What stayed with me: {specific}.\n"
        "- I am very interested in the {position} role at {company}.\n\n"
        "Ask:\n" + _ASK_QUESTIONS + "\n"
        "Close:\n- Thank them, and write down the date they give you.\n",
    ),
    (_K.DECISION_CHECK, _C.EMAIL): (
        "Checking in about the {position} role",
        "Dear {greeting_name},\n\n"
        "I hope you are well. You planned to decide about the {position} role around now, so I "
        "wanted to check in: is the position still open, and when do you expect to decide?\n\n"
        "I am still very interested in joining {company}, and I keep coming back to one part of "
        "our conversation: {specific}.\n\n" + _SIGN_OFF,
    ),
    (_K.DECISION_CHECK, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "I am still thinking about our conversation, especially {specific}, and I would love "
        "to join {company} as {position}.\n\n"
        "Is the position still open? I would be grateful to hear when you expect to "
        "decide.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.DECISION_CHECK, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "You mentioned that {company} planned to decide about the {position} position around "
        "now, so I am writing to ask whether the position is still open, and when you expect "
        "to reach a decision.\n\n"
        "I remain very interested in the role. One part of our conversation in particular has "
        "stayed with me: {specific}.\n\n" + _LETTER_SIGN_OFF,
    ),
    (_K.DECISION_CHECK, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. We spoke about the {position} role, and I am "
        "calling to ask where things stand. Do you have two minutes?\n\n"
        "Say:\n"
        "- I am still very interested in the {position} role at {company}.\n"
        "- What stayed with me from our conversation: {specific}.\n\n"
        "Ask:\n" + _CHECK_QUESTIONS + "\n"
        "Close:\n- Thank them, and write down what they tell you.\n",
    ),
}


def default_templates() -> dict[str, Template]:
    """A template for every kind and channel, keyed by `Template.key`."""
    templates = (
        Template(kind, channel, subject, body)
        for (kind, channel), (subject, body) in _TEXTS.items()
    )
    return {template.key: template for template in templates}
