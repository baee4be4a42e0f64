"""Which capability each portal view needs: one line per URL name, checked in one place.

`member_required` (portail/core/tenancy.py) calls `view_access_refusal` for every portal view, registered by
PortalConfig.ready(). A view missing here is refused to every role short of Administrateur, and
`portail/security_tests/test_role_matrix.py` fails naming it: a new portal page cannot open by omission.
"""

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve

from portail.accounts.roles import Capability as C
from portail.accounts.roles import Need, Role, read, write

VIEW_NEEDS: dict[str, Need] = {
    # Home, 2.1 and 2.2: every role reads the company's details and its contacts at the service
    "portal:home": read(C.HOME),
    "portal:group": read(C.GROUP),
    "members:information": read(C.HOME),
    "members:service_contacts": read(C.HOME),
    "members:team_person": read(C.HOME),
    "members:communes": write(C.COMPANY),
    "members:information_edit": write(C.COMPANY),
    "members:address_create": write(C.COMPANY),
    "members:address_edit": write(C.COMPANY),
    "members:address_delete": write(C.COMPANY),
    "members:contact_create": write(C.COMPANY),
    "members:contact_edit": write(C.COMPANY),
    "members:contact_delete": write(C.COMPANY),
    "members:situation_change": write(C.COMPANY),
    "members:situation_change_receipt": read(C.COMPANY),
    # Notifications, e-mail preferences and the threads with the service: every user of the company, whatever
    # their role, is told and may write to the service (a question changes no data of the company).
    "members:notices": read(C.HOME),
    "accounts:notification_preferences": read(C.HOME),
    "messaging:threads": read(C.HOME),
    "messaging:thread_create": read(C.HOME),
    "messaging:thread": read(C.HOME),
    "messaging:attachment": read(C.HOME),
    # The company's named users
    "accounts:users": write(C.USERS),
    "accounts:user_invite": write(C.USERS),
    "accounts:user_role": write(C.USERS),
    "accounts:user_active": write(C.USERS),
    "accounts:invitation_revoke": write(C.USERS),
    # Personal API tokens: each account manages its own, for what its role reads or writes (the token's scope
    # never exceeds the role: accounts.services.api_token_create), so reading the company is enough.
    "accounts:api_tokens": read(C.HOME),
    "accounts:api_token_revoke": read(C.HOME),
    # 2.3 employees: exports follow reading; NIRs in clear follow C.NIR (workforce.nir.nir_access)
    "workforce:list": read(C.EMPLOYEES),
    "workforce:detail": read(C.EMPLOYEES),
    "workforce:export_xlsx": read(C.EMPLOYEES),
    "workforce:export_csv": read(C.EMPLOYEES),
    "workforce:print": read(C.EMPLOYEES),
    "workforce:export_pdf": read(C.EMPLOYEES),
    "workforce:pcs_search": read(C.EMPLOYEES),
    "workforce:nir_reveal": write(C.NIR),
    "workforce:create": write(C.EMPLOYEES),
    "workforce:category": write(C.EMPLOYEES),
    "workforce:edit": write(C.EMPLOYEES),
    "workforce:exit": write(C.EMPLOYEES),
    "workforce:rehire": write(C.EMPLOYEES),
    "workforce:import": write(C.EMPLOYEES),
    "workforce:import_rejected": write(C.EMPLOYEES),
    "workforce:import_apply": write(C.EMPLOYEES),
    "workforce:import_mapping": write(C.EMPLOYEES),
    "workforce:import_job": write(C.EMPLOYEES),
    "workforce:import_job_progress": write(C.EMPLOYEES),
    "workforce:import_cancel": write(C.EMPLOYEES),
    "workforce:dsn_upload": write(C.EMPLOYEES),
    "workforce:dsn_pending": write(C.EMPLOYEES),
    "workforce:dsn_preview": write(C.EMPLOYEES),
    "workforce:dsn_open": write(C.EMPLOYEES),
    "workforce:dsn_apply": write(C.EMPLOYEES),
    "workforce:dsn_cancel": write(C.EMPLOYEES),
    # 2.4 invoices and SEPA
    "billing:invoices": read(C.BILLING),
    "billing:invoice_detail": read(C.BILLING),
    "billing:invoice_pdf": read(C.BILLING),
    "billing:statement_pdf": read(C.BILLING),
    "billing:sepa": read(C.BILLING),
    "billing:sepa_mandate_pdf": read(C.BILLING),
    "billing:sepa_mandate_create": write(C.BILLING),
    "billing:sepa_mandate_revoke": write(C.BILLING),
    # 2.5 declarations
    "declarations:list": read(C.DECLARATIONS),
    "declarations:detail": read(C.DECLARATIONS),
    "declarations:acknowledgement": read(C.DECLARATIONS),
    "declarations:print": read(C.DECLARATIONS),
    "declarations:totals": read(C.DECLARATIONS),
    "declarations:fill": write(C.DECLARATIONS),
    "declarations:employee_exit": write(C.DECLARATIONS),
    "declarations:employee_complete": write(C.DECLARATIONS),
    "declarations:expired_exits": write(C.DECLARATIONS),
    # 2.6 appointments and the visits board
    "appointments:list": read(C.APPOINTMENTS),
    "appointments:past": read(C.APPOINTMENTS),
    "appointments:board": read(C.APPOINTMENTS),
    "appointments:request_receipt": read(C.APPOINTMENTS),
    "appointments:cancellation_detail": read(C.APPOINTMENTS),
    "appointments:document": read(C.APPOINTMENTS),
    "appointments:request_create": write(C.APPOINTMENTS),
    "appointments:cancel_choose": write(C.APPOINTMENTS),
    "appointments:cancel_create": write(C.APPOINTMENTS),
    # Direct booking on a free slot, its convocation and calendar file, and links sent to employees
    "appointments:booked": read(C.APPOINTMENTS),
    "appointments:convocation_pdf": read(C.APPOINTMENTS),
    "appointments:ics": read(C.APPOINTMENTS),
    "appointments:book": write(C.APPOINTMENTS),
    "appointments:book_confirm": write(C.APPOINTMENTS),
    "appointments:move": write(C.APPOINTMENTS),
    "appointments:invitation_new": write(C.APPOINTMENTS),
    # 2.7 activity
    "activity:summary": read(C.ACTIVITY),
    "activity:summary_pdf": read(C.ACTIVITY),
    "activity:action_document": read(C.ACTIVITY),
}


def view_need(view_name: str | None) -> Need | None:
    return VIEW_NEEDS.get(view_name or "")


def role_opens(role: str | None, view_name: str) -> bool:
    """Whether a link to `view_name` leads somewhere for this role (menus, shortcuts and tiles show only those)."""
    need = view_need(view_name)
    return role == Role.ADMIN or need is None or need.met_by(role)


def role_opens_url(role: str | None, url: str | None) -> bool:
    if not url:
        return True
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return True
    return role_opens(role, match.view_name)


def view_access_refusal(request):
    """None if the role of the request's account in its current company allows this view; else 403.

    Only an Administrateur opens a view that is missing from VIEW_NEEDS (the company's principal account
    and the staff's read-only view behave as one): every narrower role is refused it.
    """
    match = getattr(request, "resolver_match", None)
    need = view_need(match.view_name if match else None)
    role = getattr(request, "member_role", None)
    if role == Role.ADMIN:
        return None
    if need is None or not need.met_by(role):
        raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
    return None
