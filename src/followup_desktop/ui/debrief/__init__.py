"""The post-interview debrief: a short form right after an interview (or from nothing at all:
the company and position typed), and the plan it makes."""

from followup_desktop.ui.debrief.dialog import NEW_INTERVIEW, DebriefDialog
from followup_desktop.ui.debrief.plan import PLAN_COLUMNS, PlanModel, interview_text

__all__ = ["NEW_INTERVIEW", "PLAN_COLUMNS", "DebriefDialog", "PlanModel", "interview_text"]
