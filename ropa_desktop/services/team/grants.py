"""What each team role may do on the register's tables, and the guards beyond grants.

``CAPABILITIES`` is the one table of who may do what: the GRANT statements are made from
it here, and the app asks it (``services.team.abilities``) to show each role what it may do.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# Editors edit records: an activity and its parts, retention rules, processors and their
# assessments; deleting an activity or a processor is the DPO's.
PARTS = (
    "activity_measure", "activity_processor", "activity_subject", "activity_system",
    "assessment", "answer", "data_category_use", "purpose", "recipient_use",
    "retention_rule", "source", "transfer", "breach_activity", "breach_processor",
    "breach_system", "request_activity",
)  # fmt: skip
# The breach register, the rights requests and evidence files are records too.
RECORDS = ("activity", "processor", "breach", "rights_request", "evidence_file")
# The DPO manages these too: catalogues, templates, the organisation, the register's settings.
MANAGED = (
    "data_category", "recipient_category", "security_measure", "subject_category", "system",
    "questionnaire_template", "question", "organisation", "register_setting",
)  # fmt: skip

# A capability -> the privileges it needs, on which tables. "approve" needs no grant of its
# own: the approval guard below lets a DPO approve.
WRITES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "edit": (
        ("INSERT, UPDATE, DELETE", PARTS),
        ("INSERT, UPDATE", RECORDS),
        # The audit trail: append only, and the chain's head moves with it.
        ("INSERT", ("audit_event",)),
        ("UPDATE", ("audit_chain",)),
    ),
    "delete": (("DELETE", RECORDS),),
    "manage": (("INSERT, UPDATE, DELETE", MANAGED),),
    "approve": (),
}
# The group role -> what its members may do; an auditor reads everything, changes nothing.
CAPABILITIES: dict[str, frozenset[str]] = {
    "ropa_editor": frozenset({"edit"}),
    "ropa_dpo": frozenset({"edit", "delete", "manage", "approve"}),
    "ropa_auditor": frozenset(),
}


def grants(con: Connection) -> list[str]:
    """The GRANT statements, for the tables this register has."""
    tables = set(
        con.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
    )
    everyone = ", ".join(CAPABILITIES)
    out = [
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {everyone}",
    ]
    for group, capabilities in CAPABILITIES.items():
        if "edit" in capabilities:
            out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {group}")
        for capability in sorted(capabilities):
            for privileges, names in WRITES[capability]:
                out += [f"GRANT {privileges} ON {t} TO {group}" for t in names if t in tables]
    return out


TEAM_TRIGGER = "audit_event_actor_is_login"  # its presence says the team roles are set up

# Approval: only a member of ropa_dpo (or the owner, a superuser) may set an activity
# approved, or change what an approval records; with separation of duties on (services.duties)
# not the login that last changed it. The actor: an event names its writer.
GUARDS = (
    """CREATE OR REPLACE FUNCTION ropa_guard_approval() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = 'approved'
         AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'approved'
              OR OLD.approved_version IS DISTINCT FROM NEW.approved_version)
         AND NOT pg_has_role(current_user, 'ropa_dpo', 'MEMBER') THEN
        RAISE EXCEPTION 'only a DPO may approve an activity' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF NEW.status = 'approved'
         AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'approved')
         AND EXISTS (SELECT 1 FROM register_setting
                     WHERE name = 'separation_of_duties' AND value = 'on')
         AND (SELECT actor FROM audit_event WHERE entity_type = 'activity'
              AND entity_key = NEW.key ORDER BY id DESC LIMIT 1) = current_user::text THEN
        RAISE EXCEPTION '% was last changed by %; another DPO must approve it (separation of duties is on).',
          concat_ws(' · ', NULLIF(btrim(NEW.reference), ''), NULLIF(btrim(NEW.name), '')),
          current_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS activity_approval_by_dpo ON activity",
    "CREATE TRIGGER activity_approval_by_dpo BEFORE INSERT OR UPDATE ON activity "
    "FOR EACH ROW EXECUTE FUNCTION ropa_guard_approval()",
    """CREATE OR REPLACE FUNCTION ropa_guard_actor() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.actor IS DISTINCT FROM current_user::text THEN
        RAISE EXCEPTION 'an audit event must name the database login that writes it'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS audit_event_actor_is_login ON audit_event",
    "CREATE TRIGGER audit_event_actor_is_login BEFORE INSERT ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION ropa_guard_actor()",
)
