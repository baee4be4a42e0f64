"""Members (adhérents) seen from the back office: search and the member's page."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from portail.accounts import selectors as account_selectors
from portail.accounts.forms import InviteForm
from portail.accounts.roles import Role
from portail.backoffice import forms, selectors, services
from portail.backoffice.access import has_role, staff_required
from portail.backoffice.models import StaffRole


@staff_required()
def member_list(request):
    form = forms.MemberSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    profile = getattr(request.user, "staff_profile", None)
    members = selectors.members_search(query=query, care_team=profile.care_team if profile else None)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    querystring = urlencode({"q": query}) if query else ""
    context = {"form": form, "page": page, "querystring": querystring,
               "can_create": has_role(request.user, [StaffRole.RECEPTION])}
    return render(request, "backoffice/members/list.html", context)


@staff_required()
def member_detail(request, pk: int):
    context = selectors.member_detail(pk=pk)
    member = context["member"]
    services.member_consultation_record(member=member, actor=request.user, request=request)
    is_admin = has_role(request.user, [])
    context.update(
        can_manage_accounts=has_role(request.user, [StaffRole.RECEPTION]),
        memberships=account_selectors.company_memberships(member=member),
        invitations=account_selectors.pending_invitations(member=member),
        invite_form=InviteForm(), role_choices=Role.choices,
        grant_form=forms.MandateGrantForm(),
        group_form=forms.GroupHeadForm(initial={"head": member.group_head.number if member.group_head else ""}),
        assignment_form=forms.MemberAssignmentForm(initial={"centre": member.centre, "care_team": member.care_team})
        if is_admin else None,
    )
    return render(request, "backoffice/members/detail.html", context)


# --- audit ---------------------------------------------------------------------------------

