"""Every staff URL (/gestion/…), one view module per domain in `portail.backoffice.views`."""

from django.urls import path

from portail.backoffice.views import (
    accounts,
    activity,
    appointments,
    audit,
    auth,
    availability,
    billing,
    billing_accounting,
    billing_mandates,
    dashboard,
    declarations,
    dsn,
    help,
    inbox,
    members,
    planner,
    settings,
    staff,
    structure,
)

app_name = "backoffice"

ITEM = "gestion/demandes/<slug:source>/<int:pk>/"
APPOINTMENTS = "gestion/rendez-vous/"
BILLING = "gestion/facturation/"
DECLARATIONS = "gestion/declarations/"
CAMPAIGN = DECLARATIONS + "campagnes/<int:pk>/"

auth_urls = [
    path("gestion/connexion/", auth.staff_login, name="login"),
    path("gestion/verification/", auth.otp_verify, name="otp_verify"),
    path("gestion/double-authentification/", auth.otp_enrol, name="otp_enrol"),
    path("gestion/deconnexion/", auth.staff_logout, name="logout"),
    path("gestion/codes-de-secours/", auth.backup_codes, name="backup_codes"),
]

inbox_urls = [
    path("gestion/", inbox.inbox_list, name="inbox"),
    path("gestion/demandes/action-groupee/", inbox.inbox_bulk, name="inbox_bulk"),
    path("gestion/demandes/vues/", inbox.saved_view_create, name="inbox_view_create"),
    path("gestion/demandes/vues/<int:pk>/supprimer/", inbox.saved_view_delete, name="inbox_view_delete"),
    path("gestion/demandes/modeles-de-reponse/", inbox.reply_templates, name="inbox_templates"),
    path("gestion/demandes/modeles-de-reponse/<int:pk>/supprimer/", inbox.reply_template_delete,
         name="inbox_template_delete"),
    path(ITEM, inbox.item_detail, name="item"),
    path(ITEM + "piece-jointe/", inbox.item_attachment, name="item_attachment"),
    path(ITEM + "commenter/", inbox.item_comment, name="item_comment"),
    path(ITEM + "m-attribuer/", inbox.item_assign_me, name="item_assign_me"),
    path(ITEM + "repondre/", inbox.item_answer, name="item_answer"),
]

member_urls = [
    path("gestion/adherents/", members.member_list, name="member_list"),
    path("gestion/adherents/nouveau/", accounts.member_create, name="member_create"),
    path("gestion/adherents/<int:pk>/", members.member_detail, name="member_detail"),
    path("gestion/adherents/<int:pk>/mandats/", accounts.member_mandate_grant, name="member_mandate_grant"),
    path("gestion/adherents/<int:pk>/regroupement/", accounts.member_group, name="member_group"),
    path("gestion/adherents/<int:pk>/utilisateurs/inviter/", accounts.member_user_invite, name="member_user_invite"),
    path("gestion/adherents/<int:pk>/utilisateurs/<int:membership_pk>/role/", accounts.member_user_role,
         name="member_user_role"),
    path("gestion/adherents/<int:pk>/utilisateurs/<int:membership_pk>/acces/", accounts.member_user_active,
         name="member_user_active"),
    path("gestion/adherents/<int:pk>/centre-equipe/", accounts.member_assignment, name="member_assignment"),
    path("gestion/adherents/<int:pk>/dsn/", dsn.dsn_upload, name="dsn_upload"),
    path("gestion/adherents/<int:pk>/dsn/<str:token>/", dsn.dsn_preview, name="dsn_preview"),
    path("gestion/adherents/<int:pk>/dsn/<str:token>/valider/", dsn.dsn_apply, name="dsn_apply"),
    path("gestion/adherents/<int:pk>/dsn/<str:token>/annuler/", dsn.dsn_cancel, name="dsn_cancel"),
    path("gestion/adherents/<int:pk>/voir-comme-adherent/", accounts.view_as_start, name="view_as_start"),
    path("gestion/voir-comme-adherent/quitter/", accounts.view_as_stop, name="view_as_stop"),
    path("gestion/comptes/<int:pk>/mot-de-passe/", accounts.account_password_reset, name="account_password_reset"),
    path("gestion/comptes/<int:pk>/verrouillage/", accounts.account_active, name="account_active"),
    path("gestion/mandats/<int:pk>/revoquer/", accounts.mandate_revoke, name="mandate_revoke"),
    path("gestion/mandataires/", accounts.mandataire_list, name="mandataire_list"),
    path("gestion/mandataires/nouveau/", accounts.mandataire_create, name="mandataire_create"),
    path("gestion/mandataires/<int:pk>/", accounts.mandataire_detail, name="mandataire_detail"),
    path("gestion/mandataires/<int:pk>/mandats/", accounts.mandataire_grant, name="mandataire_grant"),
]

administration_urls = [
    path("gestion/structure/<slug:kind>/", structure.structure_list, name="structure_list"),
    path("gestion/structure/<slug:kind>/nouveau/", structure.structure_edit, name="structure_create"),
    path("gestion/structure/<slug:kind>/<int:pk>/", structure.structure_edit, name="structure_edit"),
    path("gestion/parametres/", structure.service_settings, name="service_settings"),
    path("gestion/parametres/tarifs-et-delais/", settings.rules_settings, name="rules_settings"),
    path("gestion/journal/", audit.audit_log, name="audit_log"),
    path("gestion/tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("gestion/tableau-de-bord/export.csv", dashboard.dashboard_export, name="dashboard_export"),
    path("gestion/personnel/", staff.staff_list, name="staff_list"),
    path("gestion/personnel/<int:pk>/", staff.staff_edit, name="staff_edit"),
    path("gestion/personnel/<int:pk>/reinitialiser-second-facteur/", staff.staff_otp_reset, name="staff_otp_reset"),
]

appointment_urls = [
    path(APPOINTMENTS, appointments.queue, name="appointments_queue"),
    path(APPOINTMENTS + "demandes/<int:pk>/", appointments.request_detail, name="appointments_request"),
    path(APPOINTMENTS + "annulations/", appointments.cancellations, name="appointments_cancellations"),
    path(APPOINTMENTS + "planning/", appointments.planning, name="appointments_planning"),
    path(APPOINTMENTS + "calendrier/", planner.calendar, name="appointments_calendar"),
    path(APPOINTMENTS + "suivi-a-surveiller/", planner.compliance, name="appointments_compliance"),
    path(APPOINTMENTS + "rdv/<int:pk>/", appointments.appointment_detail, name="appointments_appointment"),
    path(APPOINTMENTS + "creneaux/", appointments.slots, name="appointments_slots"),
    path(APPOINTMENTS + "salaries/<int:pk>/lien/", appointments.invitation, name="appointments_invitation"),
    path(APPOINTMENTS + "planification-groupee/", appointments.periodic_batch, name="appointments_batch"),
    path(APPOINTMENTS + "disponibilites/", availability.availability_list, name="appointments_availability"),
    path(APPOINTMENTS + "disponibilites/nouvelle/", availability.pattern_create, name="appointments_pattern_create"),
    path(APPOINTMENTS + "disponibilites/<int:pk>/", availability.pattern_edit, name="appointments_pattern_edit"),
    path(APPOINTMENTS + "exceptions/nouvelle/", availability.exception_create, name="appointments_exception_create"),
    path(APPOINTMENTS + "exceptions/<int:pk>/", availability.exception_edit, name="appointments_exception_edit"),
    path(APPOINTMENTS + "durees/", availability.durations, name="appointments_durations"),
]

activity_urls = [
    path("gestion/actions/", activity.actions, name="activity_actions"),
    path("gestion/actions/nouvelle/", activity.action_create, name="activity_action_create"),
    path("gestion/actions/<int:pk>/document/", activity.action_document, name="activity_action_document"),
    path("gestion/actions/fiches-entreprise-en-retard/", activity.overdue_sheets, name="activity_overdue_sheets"),
]

billing_urls = [
    path(BILLING, billing.home, name="billing_home"),
    path(BILLING + "adherents/<str:number>/", billing.member_account, name="billing_member"),
    path(BILLING + "factures/<int:pk>/avoir/", billing_accounting.credit_note, name="billing_credit_note"),
    path(BILLING + "adherents/<str:number>/imputer-credits/", billing_accounting.credit_apply,
         name="billing_credit_apply"),
    path(BILLING + "prelevements/<int:pk>/", billing_accounting.batch_detail, name="billing_batch"),
    path(BILLING + "prelevements/collectes/<int:pk>/rejet/", billing_accounting.item_reject,
         name="billing_item_reject"),
    path(BILLING + "relances/courriers.pdf", billing_accounting.letters_pdf, name="billing_letters_pdf"),
    path(BILLING + "export/fec/", billing_accounting.fec, name="billing_fec"),
    path(BILLING + "releves/", billing_accounting.bank_import, name="billing_bank_import"),
    path(BILLING + "releves/confirmer/", billing_accounting.bank_import_confirm, name="billing_bank_import_confirm"),
    path(BILLING + "mandats/", billing_mandates.mandate_list, name="billing_mandates"),
    path(BILLING + "mandats/<int:pk>/", billing_mandates.mandate_detail, name="billing_mandate"),
    path(BILLING + "mandats/<int:pk>/mandat.pdf", billing_mandates.mandate_pdf_view, name="billing_mandate_pdf"),
    path(BILLING + "mandats/<int:pk>/revoquer/", billing_mandates.mandate_revoke, name="billing_mandate_revoke"),
    path(BILLING + "adherents/<str:number>/mandat-papier/", billing_mandates.mandate_paper,
         name="billing_mandate_paper"),
    path(BILLING + "factures/<int:pk>/pdf/", billing.invoice_pdf, name="billing_invoice_pdf"),
    path(BILLING + "relances/", billing.reminders, name="billing_reminders"),
    path(BILLING + "prelevements/", billing.batch_create, name="billing_batch_create"),
    path(BILLING + "prelevements/<int:pk>/pain008.xml", billing.batch_download, name="billing_batch_download"),
    path(BILLING + "export/", billing.export, name="billing_export"),
    path(BILLING + "lots-de-factures/", billing.invoice_batch, name="billing_invoice_batch"),
    path(BILLING + "traitements/<int:pk>/", billing.job_detail, name="billing_job"),
    path(BILLING + "reglements/", billing.payments, name="billing_payments"),
    path(BILLING + "avoirs/<int:pk>/compenser/", billing.net_credit_note, name="billing_credit_note_net"),
    path(BILLING + "prelevements/<int:pk>/etat/", billing.batch_mark, name="billing_batch_mark"),
    path(BILLING + "adherents/<str:number>/releve.pdf", billing.statement_pdf, name="billing_statement_pdf"),
]

declaration_urls = [
    path(DECLARATIONS, declarations.campaigns, name="declarations_campaigns"),
    path(CAMPAIGN, declarations.campaign_dashboard, name="declarations_campaign"),
    path(CAMPAIGN + "export.csv", declarations.campaign_export, name="declarations_export"),
    path(CAMPAIGN + "appel-provisionnel/", declarations.campaign_provisional, name="declarations_provisional"),
    path(CAMPAIGN + "relances/", declarations.campaign_reminders, name="declarations_reminders"),
    path(CAMPAIGN + "cloturer/", declarations.campaign_close, name="declarations_close"),
    path(DECLARATIONS + "<int:pk>/", declarations.declaration_detail, name="declarations_declaration"),
    path(DECLARATIONS + "<int:pk>/valider/", declarations.declaration_validate, name="declarations_validate"),
    path(DECLARATIONS + "<int:pk>/rouvrir/", declarations.declaration_reopen, name="declarations_reopen"),
    path(DECLARATIONS + "<int:pk>/accuse-reception.pdf", declarations.acknowledgement,
         name="declarations_acknowledgement"),
]

help_urls = [
    path("gestion/aide/", help.index, name="help_index"),
    path("gestion/aide/<slug:section_id>/", help.section, name="help_section"),
]

urlpatterns = [
    *auth_urls, *inbox_urls, *member_urls, *administration_urls, *appointment_urls, *activity_urls,
    *billing_urls, *declaration_urls, *help_urls,
]
