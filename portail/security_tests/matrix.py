"""The permission matrix (S-2): one row per URL name of the project.

A row says how to build the URL and which area it belongs to; the area gives the expected status
for every persona (see `expectation`). Add a row for every new URL name: `test_every_url_has_a_row`
fails and lists the names that have none. Rows of apps still being built on other branches
(declarations, appointments) follow the same shape, e.g.

    "declarations:list": portal(),
    "declarations:detail": portal(kwargs=obj("declaration")),
    "declarations:submit": portal(method="POST", kwargs=obj("declaration")),

and the object ("declaration") is added to `world._tenant`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatch

# --- Areas -----------------------------------------------------------------------------------
PUBLIC = "public"  # anyone, logged in or not: login, password reset, health, theme
ACCOUNT = "account"  # any logged-in account (login_required), no company needed
PORTAL = "portal"  # member_required: a member or mandataire acting for a current company
STAFF_AUTH = "staff_auth"  # back-office login and second-factor pages
STAFF = "staff"  # staff_required(role): /gestion/ behind the second factor
ADMIN = "admin"  # the Django support admin (OTPAdminSite)
API = "api"  # the open API (/api/v1/): a personal token, never a session (401 without one); test_api_matrix.py

Kwargs = Callable[["object", "object"], dict]  # (tenant, world) -> URL kwargs


@dataclass(frozen=True)
class Row:
    area: str
    method: str = "GET"
    kwargs: Kwargs | None = None
    owned: bool = False  # kwargs point at a tenant object: another member must get 404
    query: str = ""
    own: frozenset = field(default=None)  # accepted statuses for the rightful user
    note: str = ""
    mandataire: frozenset = field(default=None)  # accepted statuses for a mandataire, when not `own`

    def allowed(self) -> frozenset:
        if self.own is not None:
            return self.own
        # An empty POST may redirect (done), re-render the form with errors (200) or refuse (400/404).
        return frozenset({200}) if self.method == "GET" else frozenset({200, 302, 400, 404})


def obj(key: str, name: str = "pk") -> Kwargs:
    return lambda tenant, world: {name: tenant[key].pk}


def portal(method="GET", kwargs=None, **extra) -> Row:
    return Row(PORTAL, method=method, kwargs=kwargs, owned=kwargs is not None and extra.pop("owned", True), **extra)


def staff(method="GET", kwargs=None, **extra) -> Row:
    return Row(STAFF, method=method, kwargs=kwargs, **extra)


PDF_OR_FILE = frozenset({200})
ITEM = lambda tenant, world: {"source": "situation_change", "pk": tenant["situation_change"].pk}  # noqa: E731

@dataclass(frozen=True)
class ApiRoute:
    """One operation of the open API: what it needs (capability, "read"/"write"; None: any valid token), how to
    build its URL for a tenant, and a valid body (so that a refusal is about access, never about input)."""

    capability: str | None
    access: str
    kwargs: Kwargs
    body: Callable[["object", "object"], dict] | None = None
    # statuses for a token that may: an allowed write may still be refused by the domain (422) or conflict (409)
    ok: frozenset = frozenset({200, 201})


def _number(t, w):
    return {"number": t.member.number}


def _employee(t, w):
    return {"number": t.member.number, "employee_id": t["employee"].pk}


WRITE_OK = frozenset({200, 201, 409, 422})
API_ROUTES: dict[tuple[str, str], ApiRoute] = {
    ("api:member_list", "GET"): ApiRoute(None, "read", lambda t, w: {}),
    ("api:employee_list", "GET"): ApiRoute("employees", "read", _number),
    ("api:employee_create", "POST"): ApiRoute("employees", "write", _number, ok=WRITE_OK, body=lambda t, w: {
        "birth_name": "MATRICE", "first_name": "Alex", "birth_date": "1990-01-02", "sex": "F", "hire_date": "2024-01-08",
        "job_title": "Comptable", "contract": "CDI", "nir": "290011305532171"}),
    ("api:employee_detail", "GET"): ApiRoute("employees", "read", _employee),
    ("api:employee_update", "PATCH"): ApiRoute("employees", "write", _employee, ok=WRITE_OK,
                                               body=lambda t, w: {"job_title": "Chef comptable"}),
    ("api:employee_exit", "POST"): ApiRoute("employees", "write", _employee, ok=WRITE_OK,
                                            body=lambda t, w: {"exit_date": "2030-06-30", "exit_reason": "RESIGNATION"}),
    ("api:invoice_list", "GET"): ApiRoute("billing", "read", _number),
    ("api:statement", "GET"): ApiRoute("billing", "read", _number),
    ("api:determinants", "GET"): ApiRoute(None, "read", lambda t, w: {}),
    ("api:invoice_pdf", "GET"): ApiRoute("billing", "read",
                                         lambda t, w: {"number": t.member.number, "invoice_id": t["invoice"].pk}),
    ("api:declaration_list", "GET"): ApiRoute("declarations", "read", _number),
    ("api:declaration_detail", "GET"): ApiRoute(
        "declarations", "read", lambda t, w: {"number": t.member.number, "declaration_id": t["declaration"].pk}),
    ("api:appointment_list", "GET"): ApiRoute("appointments", "read", _number),
    ("api:appointment_request_list", "GET"): ApiRoute("appointments", "read", _number),
    ("api:visits_board", "GET"): ApiRoute("appointments", "read", _number),
    ("api:appointment_request_create", "POST"): ApiRoute("appointments", "write", _number, ok=WRITE_OK, body=lambda t, w: {
        "employees": [t["employee"].pk], "visit_kind": "periodique", "preferred_periods": "le matin"}),
}

ROWS: dict[str, Row] = {
    # Public pages
    "health": Row(PUBLIC, own=frozenset({200, 503})),
    "portal:theme_css": Row(PUBLIC),
    "accounts:login": Row(PUBLIC, own=frozenset({200, 302})),
    "accounts:password_reset": Row(PUBLIC),
    "accounts:password_reset_done": Row(PUBLIC),
    "accounts:password_reset_confirm": Row(
        PUBLIC, kwargs=lambda t, w: {"uidb64": "MQ", "token": "invalide-0123456789"}
    ),
    "accounts:password_reset_complete": Row(PUBLIC),
    "accounts:logout": Row(PUBLIC, method="POST", own=frozenset({200, 302})),
    "admin:login": Row(PUBLIC),
    "admin:logout": Row(PUBLIC, method="POST", own=frozenset({200, 302})),
    # Any logged-in account
    "accounts:password_change": Row(ACCOUNT, own=frozenset({200, 302, 403})),
    "accounts:choose_member": Row(ACCOUNT, own=frozenset({200, 302, 403})),
    # The named users' second factor: the code step sends home a session that owes none; enrolment is theirs.
    "accounts:otp_verify": Row(ACCOUNT, own=frozenset({200, 302})),
    "accounts:otp_enrol": Row(ACCOUNT, own=frozenset({200, 302, 403})),
    # The accountant's cockpit: mandataires only (403 for the other portal accounts).
    "portal:cockpit": Row(ACCOUNT, own=frozenset({200, 403})),
    "portal:cockpit_export": Row(ACCOUNT, own=frozenset({200, 403})),
    "accounts:switch_member": Row(ACCOUNT, method="POST", own=frozenset({200, 302, 400, 403, 404})),
    # An unknown or used invitation link: a page saying so, for everybody.
    "accounts:invitation_accept": Row(PUBLIC, kwargs=lambda t, w: {"token": "inconnu"}),
    # The company's named users: its administrators only (a mandataire does not manage the company's people).
    "accounts:users": portal(mandataire=frozenset({403})),
    "accounts:user_invite": portal("POST", mandataire=frozenset({403})),
    "accounts:user_role": portal("POST", kwargs=obj("membership"), mandataire=frozenset({403})),
    "accounts:user_active": portal("POST", kwargs=obj("membership"), mandataire=frozenset({403})),
    "accounts:invitation_revoke": portal("POST", kwargs=obj("invitation"), mandataire=frozenset({403})),
    # Personal API tokens: every portal account manages its own (another's token answers 404)
    "accounts:api_tokens": portal(),
    "accounts:api_token_revoke": portal("POST", kwargs=obj("api_token")),
    # The open API's schema and documentation page are public; every other route wants a token (API_ROUTES)
    "api:openapi-json": Row(PUBLIC),
    "api:openapi-view": Row(PUBLIC),
    "api:api-root": Row(PUBLIC),  # django-ninja's root of the version: nothing but a pointer
    # (a session's PATCH is tried as a GET of the same URL: the matrix client only sends GET and POST)
    **{name: Row(API, method="POST" if method == "POST" else "GET", kwargs=route.kwargs)
       for (name, method), route in API_ROUTES.items()},
    # Portal: home and tab 2 (members)
    "portal:home": portal(),
    # Member A heads no group in the world: the consolidated view is a 404 for whoever may open it.
    "portal:group": portal(own=frozenset({404})),
    "members:information": portal(),
    "members:information_edit": portal(),
    "members:address_create": portal(),
    "members:address_edit": portal(kwargs=obj("address")),
    "members:address_delete": portal("POST", kwargs=obj("address")),
    "members:contact_create": portal(),
    "members:contact_edit": portal(kwargs=obj("contact")),
    "members:contact_delete": portal("POST", kwargs=obj("contact")),
    "members:communes": portal(query="?postal_code=13001"),
    "billing:sepa": portal(),
    "members:situation_change": portal(),
    "members:situation_change_receipt": portal(kwargs=obj("situation_change")),
    "members:notices": portal(),
    "accounts:notification_preferences": portal(),
    "messaging:threads": portal(),
    "messaging:thread_create": portal(),
    "messaging:thread": portal(kwargs=obj("thread")),
    "messaging:attachment": portal(kwargs=lambda t, w: {"pk": t["thread"].pk, "message_pk": t["message"].pk},
                                   owned=True),
    "members:service_contacts": portal(),
    "members:team_person": portal(kwargs=obj("team_person")),
    # Workforce
    "workforce:list": portal(),
    "workforce:create": portal(),
    "workforce:category": portal("POST"),
    "workforce:pcs_search": portal(query="?q=medecin"),
    "workforce:export_xlsx": portal(),
    "workforce:export_csv": portal(),
    "workforce:print": portal(),
    "workforce:export_pdf": portal(),
    "workforce:import": portal(),
    "workforce:import_rejected": portal(own=frozenset({200, 302}), note="no import in the session: back to the import"),
    "workforce:dsn_upload": portal(),
    "workforce:dsn_pending": portal(),
    # A DSN token names a file of the session's own uploads: an unknown one is a 404 for everybody.
    "workforce:dsn_preview": portal(kwargs=lambda t, w: {"token": "inconnu"}, owned=False, own=frozenset({404})),
    "workforce:dsn_open": portal("POST", kwargs=lambda t, w: {"token": "inconnu"}, owned=False,
                                 own=frozenset({404})),
    "workforce:dsn_apply": portal("POST", kwargs=lambda t, w: {"token": "inconnu"}, owned=False,
                                  own=frozenset({404})),
    "workforce:dsn_cancel": portal("POST", kwargs=lambda t, w: {"token": "inconnu"}, owned=False,
                                   own=frozenset({404})),
    "workforce:import_apply": portal("POST"),
    # Without an uploaded file in the session, the mapping step sends the user back to the upload.
    "workforce:import_mapping": portal(own=frozenset({200, 302})),
    "workforce:import_job": portal(kwargs=obj("import_job")),
    "workforce:import_job_progress": portal(kwargs=obj("import_job")),
    "workforce:import_cancel": portal("POST"),
    "workforce:detail": portal(kwargs=obj("employee")),
    "workforce:edit": portal(kwargs=obj("employee")),
    "workforce:exit": portal(kwargs=obj("employee")),
    "workforce:rehire": portal(kwargs=obj("employee"), own=frozenset({200, 302})),
    # A mandataire gets NIRs masked, in exports as on pages (workforce.nir.nir_access): no reveal either.
    "workforce:nir_reveal": portal("POST", kwargs=obj("employee"), mandataire=frozenset({403})),
    # Billing
    "billing:invoices": portal(),
    "billing:invoice_detail": portal(kwargs=obj("invoice")),
    "billing:invoice_pdf": portal(kwargs=obj("invoice")),
    "billing:statement_pdf": portal(),
    "billing:sepa_mandate_create": portal(),
    "billing:sepa_mandate_pdf": portal(kwargs=obj("sepa_mandate")),
    "billing:sepa_mandate_revoke": portal("POST", kwargs=obj("sepa_mandate")),
    # Activity
    "activity:summary": portal(),
    "activity:summary_pdf": portal(),
    "activity:action_document": portal(kwargs=obj("action")),
    # Back office: authentication pages
    "backoffice:login": Row(STAFF_AUTH, own=frozenset({200, 302})),
    "backoffice:otp_verify": Row(STAFF_AUTH, own=frozenset({200, 302})),
    "backoffice:otp_enrol": Row(STAFF_AUTH, own=frozenset({200, 302})),
    "backoffice:logout": Row(STAFF_AUTH, method="POST", own=frozenset({200, 302})),
    "backoffice:backup_codes": staff(),
    # Back office proper
    "backoffice:inbox": staff(),
    "backoffice:inbox_bulk": staff("POST", own=frozenset({302})),
    "backoffice:inbox_view_create": staff("POST", own=frozenset({302})),
    "backoffice:inbox_view_delete": staff("POST", kwargs=lambda t, w: {"pk": 999999}, own=frozenset({404})),
    "backoffice:inbox_templates": staff(),
    "backoffice:inbox_template_delete": staff("POST", kwargs=lambda t, w: {"pk": 999999}, own=frozenset({404})),
    "backoffice:item": staff(kwargs=ITEM),
    # The situation change of the world has no attachment: the rightful staff gets 404.
    "backoffice:item_attachment": staff(kwargs=ITEM, own=frozenset({404})),
    "backoffice:item_comment": staff("POST", kwargs=ITEM),
    "backoffice:item_assign_me": staff("POST", kwargs=ITEM),
    "backoffice:item_answer": staff("POST", kwargs=ITEM),
    "backoffice:member_list": staff(),
    "backoffice:member_detail": staff(kwargs=lambda t, w: {"pk": t.member.pk}),
    "backoffice:audit_log": staff(),
    "backoffice:dashboard": staff(),
    "backoffice:dashboard_export": staff(),
    "backoffice:staff_list": staff(),
    "backoffice:staff_edit": staff(kwargs=lambda t, w: {"pk": w.other_staff.pk}),
    "backoffice:staff_otp_reset": staff("POST", kwargs=lambda t, w: {"pk": w.other_staff.pk}),
    "backoffice:activity_actions": staff(),
    "backoffice:activity_action_create": staff(),
    "backoffice:activity_action_document": staff(kwargs=obj("action")),
    "backoffice:activity_overdue_sheets": staff(),
    "backoffice:billing_home": staff(),
    "backoffice:billing_member": staff(kwargs=lambda t, w: {"number": t.member.number}),
    "backoffice:billing_credit_note": staff(kwargs=obj("invoice")),
    "backoffice:billing_credit_apply": staff("POST", kwargs=lambda t, w: {"number": t.member.number}),
    "backoffice:billing_batch": staff(kwargs=lambda t, w: {"pk": w.batch.pk}),
    "backoffice:billing_item_reject": staff("POST", kwargs=lambda t, w: {"pk": 999_999}, own=frozenset({404})),
    "backoffice:billing_letters_pdf": staff(own=frozenset({200, 302})),  # no letter today: back to the billing page
    "backoffice:billing_fec": staff(own=frozenset({200, 302})),  # no period chosen: back to the form
    "backoffice:billing_bank_import": staff(),
    "backoffice:billing_bank_import_confirm": staff("POST"),
    "backoffice:billing_mandates": staff(query="?q=900001&statut=actif"),
    "backoffice:billing_mandate": staff(kwargs=obj("sepa_mandate")),
    "backoffice:billing_mandate_pdf": staff(kwargs=obj("sepa_mandate")),
    # An empty POST: the reason and the confirmation box are missing, nothing is revoked (400).
    "backoffice:billing_mandate_revoke": staff("POST", kwargs=obj("sepa_mandate")),
    "backoffice:billing_mandate_paper": staff(kwargs=lambda t, w: {"number": t.member.number}),
    "backoffice:billing_invoice_pdf": staff(kwargs=obj("invoice")),
    "backoffice:billing_reminders": staff("POST"),
    "backoffice:billing_batch_create": staff("POST"),
    "backoffice:billing_batch_download": staff(kwargs=lambda t, w: {"pk": w.batch.pk}),
    "backoffice:billing_export": staff(own=frozenset({200, 302})),  # no period chosen: back to the form
    "backoffice:billing_invoice_batch": staff(),
    # No job exists in the world: the rightful staff gets 404, others the usual refusals.
    "backoffice:billing_job": staff(kwargs=lambda t, w: {"pk": 999_999}, own=frozenset({404})),
    "backoffice:billing_payments": staff(),
    "backoffice:billing_credit_note_net": staff("POST", kwargs=obj("invoice")),
    "backoffice:billing_batch_mark": staff("POST", kwargs=lambda t, w: {"pk": w.batch.pk}),
    "backoffice:billing_statement_pdf": staff(kwargs=lambda t, w: {"number": t.member.number}),
    # Help: the member guide is public (no personal data); staff guides sit behind the second factor.
    "help:index": Row(PUBLIC),
    "help:search": Row(PUBLIC, query="?q=SIR"),
    "help:section": Row(PUBLIC, kwargs=lambda t, w: {"section_id": "se-connecter"}),
    "help:pdf": Row(PUBLIC),
    "help:capture": Row(PUBLIC, kwargs=lambda t, w: {"name": "connexion"}, own=frozenset({200, 404})),
    "backoffice:help_index": staff(),
    "backoffice:help_section": staff(kwargs=lambda t, w: {"section_id": "accueil"}),
    # Declarations (tab 2.5) and their campaigns
    "declarations:list": portal(),
    "declarations:detail": portal(kwargs=obj("declaration"), own=frozenset({200, 302})),
    "declarations:fill": portal(kwargs=obj("declaration")),
    "declarations:totals": portal(kwargs=obj("declaration")),
    "declarations:employee_exit": portal(
        "POST", kwargs=lambda t, w: {"pk": t["declaration"].pk, "employee_pk": t["employee"].pk}
    ),
    "declarations:employee_complete": portal(
        "POST", kwargs=lambda t, w: {"pk": t["declaration"].pk, "employee_pk": t["employee"].pk}
    ),
    # The preview of "déclarer la sortie de tous les salariés dont le contrat a pris fin…"; a declaration no longer
    # fillable sends back to its page.
    "declarations:expired_exits": portal(kwargs=obj("declaration"), own=frozenset({200, 302})),
    # Not submitted yet: no acknowledgement, and the print of a draft may or may not exist.
    "declarations:acknowledgement": portal(kwargs=obj("declaration"), own=frozenset({200, 302, 404})),
    "declarations:print": portal(kwargs=obj("declaration"), own=frozenset({200, 404})),
    "backoffice:declarations_campaigns": staff(),
    "backoffice:declarations_campaign": staff(kwargs=lambda t, w: {"pk": t["declaration"].campaign.pk}),
    "backoffice:declarations_export": staff(kwargs=lambda t, w: {"pk": t["declaration"].campaign.pk}),
    "backoffice:declarations_provisional": staff(kwargs=lambda t, w: {"pk": t["declaration"].campaign.pk}),
    "backoffice:declarations_reminders": staff("POST", kwargs=lambda t, w: {"pk": t["declaration"].campaign.pk}),
    "backoffice:declarations_close": staff("POST", kwargs=lambda t, w: {"pk": t["declaration"].campaign.pk}),
    "backoffice:declarations_declaration": staff(kwargs=obj("declaration")),
    "backoffice:declarations_validate": staff("POST", kwargs=obj("declaration")),
    "backoffice:declarations_reopen": staff("POST", kwargs=obj("declaration")),
    "backoffice:declarations_acknowledgement": staff(kwargs=obj("declaration"), own=frozenset({200, 302, 404})),
    # Appointments (tab 2.6, compliance board, planning)
    "appointments:list": portal(),
    "appointments:past": portal(),
    "appointments:request_create": portal(),
    "appointments:request_receipt": portal(kwargs=obj("appointment_request")),
    "appointments:cancel_choose": portal(),
    "appointments:cancel_create": portal(kwargs=obj("appointment")),
    "appointments:cancellation_detail": portal(kwargs=obj("cancellation")),
    "appointments:document": portal(kwargs=obj("shared_document")),
    "appointments:board": portal(),
    "appointments:book": portal(),
    # An empty POST names no employee: 404 for everybody.
    "appointments:book_confirm": portal("POST"),
    "appointments:booked": portal(kwargs=obj("appointment")),
    "appointments:convocation_pdf": portal(kwargs=obj("appointment"), own=PDF_OR_FILE),
    "appointments:ics": portal(kwargs=obj("appointment"), own=PDF_OR_FILE),
    "appointments:move": portal(kwargs=obj("appointment")),
    "appointments:invitation_new": portal(),
    # The employee's booking link, without an account: an unknown token is a clear 404 page for everybody.
    "appointments:invitation": Row(PUBLIC, kwargs=lambda t, w: {"token": "inconnu"}),
    "backoffice:appointments_invitation": staff(kwargs=obj("employee")),
    "backoffice:appointments_queue": staff(),
    "backoffice:appointments_request": staff(kwargs=obj("appointment_request")),
    "backoffice:appointments_cancellations": staff(),
    "backoffice:appointments_planning": staff(),
    "backoffice:appointments_calendar": staff(),
    "backoffice:appointments_compliance": staff(),
    "backoffice:appointments_appointment": staff(kwargs=obj("appointment")),
    "backoffice:appointments_slots": staff(),
    "backoffice:appointments_batch": staff(),
    "backoffice:appointments_availability": staff(),
    "backoffice:appointments_pattern_create": staff(),
    "backoffice:appointments_pattern_edit": staff(kwargs=obj("availability_pattern")),
    "backoffice:appointments_exception_create": staff(),
    "backoffice:appointments_exception_edit": staff(kwargs=obj("availability_exception")),
    "backoffice:appointments_durations": staff(),
    # Back office: members, accounts, mandates, structure
    "backoffice:member_create": staff(),
    "backoffice:member_mandate_grant": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk}),
    "backoffice:member_group": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk}),
    "backoffice:member_user_invite": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk}),
    "backoffice:member_user_role": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk,
                                                                      "membership_pk": t["membership"].pk}),
    "backoffice:member_user_active": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk,
                                                                        "membership_pk": t["membership"].pk}),
    "backoffice:dsn_upload": staff(kwargs=lambda t, w: {"pk": t.member.pk}),
    # A DSN token names a file of this staff session's own uploads: an unknown one is a 404.
    "backoffice:dsn_preview": staff(kwargs=lambda t, w: {"pk": t.member.pk, "token": "inconnu"},
                                    own=frozenset({404})),
    "backoffice:dsn_apply": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk, "token": "inconnu"},
                                  own=frozenset({404})),
    "backoffice:dsn_cancel": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk, "token": "inconnu"},
                                   own=frozenset({404})),
    "backoffice:member_assignment": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk}),
    "backoffice:view_as_start": staff("POST", kwargs=lambda t, w: {"pk": t.member.pk}),
    "backoffice:view_as_stop": staff("POST"),
    "backoffice:account_password_reset": staff("POST", kwargs=obj("account")),
    "backoffice:account_active": staff("POST", kwargs=obj("account")),
    "backoffice:mandate_revoke": staff("POST", kwargs=lambda t, w: {"pk": w.mandate.pk}),
    "backoffice:mandataire_list": staff(),
    "backoffice:mandataire_create": staff(),
    "backoffice:mandataire_detail": staff(kwargs=lambda t, w: {"pk": w.users["mandataire_a"].pk}),
    "backoffice:mandataire_grant": staff("POST", kwargs=lambda t, w: {"pk": w.users["mandataire_a"].pk}),
    "backoffice:structure_list": staff(kwargs=lambda t, w: {"kind": "centres"}),
    "backoffice:structure_create": staff(kwargs=lambda t, w: {"kind": "centres"}),
    "backoffice:structure_edit": staff(kwargs=lambda t, w: {"kind": "centres", "pk": t.member.care_team.centre.pk}),
    "backoffice:service_settings": staff(),
    "backoffice:rules_settings": staff(),
}

# One column per role of a company's named users (accounts.roles.Role): the portal URL names each opens,
# written from the issue's description of the roles, independently of portail/portal/permissions.py that
# enforces them. Every other portal URL answers 403 to that role.
HOME = ("portal:home", "members:information", "members:service_contacts", "members:team_person", "accounts:api_token*",
        "members:notices", "accounts:notification_preferences", "messaging:*")
READ_PAGES = (
    "workforce:list", "workforce:detail", "workforce:export_*", "workforce:print", "workforce:pcs_search",
    "billing:invoices", "billing:invoice_*", "billing:statement_pdf", "billing:sepa", "billing:sepa_mandate_pdf",
    "declarations:list", "declarations:detail", "declarations:acknowledgement", "declarations:print",
    "declarations:totals", "appointments:list", "appointments:past", "appointments:board", "appointments:request_receipt",
    "appointments:cancellation_detail", "appointments:document", "appointments:booked", "appointments:convocation_pdf",
    "appointments:ics", "activity:*", "portal:group",
    "members:situation_change_receipt",
)
ROLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "admin": ("*",),
    "hr": HOME + ("workforce:*", "declarations:*", "appointments:*", "activity:*"),
    "accounting": HOME + ("billing:*",),
    "appointments": HOME + ("appointments:*",),
    "read_only": HOME + READ_PAGES,
}


def role_opens(role: str, name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in ROLE_COLUMNS[role])


# URL names generated by a framework for every registered model: one default row per prefix.
PREFIX_DEFAULTS: dict[str, Row] = {
    "admin:": Row(ADMIN, own=frozenset({200, 302, 403, 404})),
    "<unnamed> admin/": Row(ADMIN, own=frozenset({200, 301, 302, 403, 404})),
}


def row_for(name: str) -> Row | None:
    if name in ROWS:
        return ROWS[name]
    for prefix, row in PREFIX_DEFAULTS.items():
        if name.startswith(prefix):
            return row
    return None
