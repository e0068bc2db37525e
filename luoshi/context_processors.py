"""What templates may ask about the user's roles: `{% if can.manage_plans %}`. Each flag is one of the
named helpers of the access modules, so templates never read roles themselves."""

from django.utils.functional import cached_property

from apps.assessment.access import can_see_assessment
from apps.cases.access import can_see_cases
from apps.indicators.access import can_see_indicators
from apps.orgs.access import can_administer
from apps.plans.access import can_manage_plans
from apps.projects.access import can_see_projects
from apps.supervision.access_inspections import can_see_inspections
from apps.supervision.access_instructions import can_instruct


class Can:
    def __init__(self, user):
        self.user = user

    @cached_property
    def administer(self) -> bool:
        return can_administer(self.user)

    @cached_property
    def manage_plans(self) -> bool:
        return can_manage_plans(self.user)

    @cached_property
    def instruct(self) -> bool:
        return can_instruct(self.user)

    @cached_property
    def see_inspections(self) -> bool:
        return can_see_inspections(self.user)

    @cached_property
    def see_cases(self) -> bool:
        return can_see_cases(self.user)

    @cached_property
    def see_indicators(self) -> bool:
        return can_see_indicators(self.user)

    @cached_property
    def see_projects(self) -> bool:
        return can_see_projects(self.user)

    @cached_property
    def see_assessment(self) -> bool:
        return can_see_assessment(self.user)


def permissions(request):
    return {"can": Can(getattr(request, "user", None))}
