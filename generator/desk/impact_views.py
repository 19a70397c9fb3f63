"""The desk's page of what a draft revision would do to the open cases: the counts, then
each case it would change with what changes for it, for officers whose roles may read the
cases (``impact`` in :mod:`generator.register.permissions`).

Which draft: the one the desk was started with, ``policy desk --draft DIR`` (a source
folder, such as the working copy after ``policy revise``), measured against the policy the
desk serves, which is the one in force. The page reads the register and writes nothing.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, current_app, render_template, request

from generator.register.impact import measure
from generator.revisions.impact import KINDS

__all__ = ["impact_pages"]

impact_pages = Blueprint("impact", __name__, url_prefix="/register")

#: Cases on a page.
SIZE = 100


@impact_pages.route("/impact")
def cases() -> Any:
    policy, draft = current_app.config["DESK_POLICY"], current_app.config.get("DESK_DRAFT")
    if draft is None:
        return render_template("register_impact.html", draft=None, policy=policy)
    kind = request.args.get("kind", "")
    impact = measure(current_app.config["DESK_REGISTER"], policy, draft)
    chosen = [c for c in impact.cases if not kind or kind in c.kinds] if kind in KINDS or \
        not kind else impact.cases
    pages = max(1, math.ceil(len(chosen) / SIZE))
    text = request.args.get("page", "1")
    page = min(int(text), pages) if text.isdigit() and 0 < len(text) < 9 and int(text) else 1
    return render_template("register_impact.html", draft=draft, policy=policy, impact=impact,
                           kinds=KINDS, kind=kind if kind in KINDS else "",
                           lines=chosen[(page - 1) * SIZE:page * SIZE], page=page, pages=pages,
                           total=len(chosen))
