"""Issue bodies as GitHub writes them from a submitted issue form (for tests and for making golden bodies).

GitHub writes one `### <label>` heading per question, a blank line, the answer (or
`_No response_`), a blank line; a multiple dropdown's options joined by ", ";
checkboxes as one `- [X] option` or `- [ ] option` line per option.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from goodpractices.issueform import CONSENT_ID, NO_RESPONSE, Form

Answer = str | Sequence[str] | bool | None
"""Text as typed; the vocabulary values chosen in a dropdown or ticked in checkboxes; True: the licence accepted."""


def github_body(form: Form, answers: Mapping[str, Answer]) -> str:
    """The body of an issue opened with `form` and these answers (question id → answer; a missing id: left empty)."""
    parts = []
    for question in form.asked:
        answer = answers.get(question.id)
        if question.id == CONSENT_ID:
            text = f"- [{'X' if answer else ' '}] {form.consent()}"
        elif question.type == "checkboxes":
            ticked = set(answer or ()) if not isinstance(answer, str | bool) else set()
            text = "\n".join(f"- [{'X' if value in ticked else ' '}] {form.option(question, value)}" for value in form.values(question))
        elif question.type == "dropdown" and answer is not None and not isinstance(answer, str | bool):
            text = ", ".join(form.option(question, value) for value in answer) or NO_RESPONSE
        else:
            text = str(answer) if answer not in (None, "", False) else NO_RESPONSE
        parts.append(f"### {form.label(question)}\n\n{text}")
    return "\n\n".join(parts) + "\n"
