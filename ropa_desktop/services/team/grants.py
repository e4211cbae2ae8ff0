"""What each team role may do on the register's tables, and the guards beyond grants."""

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
# The DPO manages these too: catalogues, templates, the organisation.
MANAGED = (
    "data_category", "recipient_category", "security_measure", "subject_category", "system",
    "questionnaire_template", "question", "organisation",
)  # fmt: skip


def grants(con: Connection) -> list[str]:
    """The GRANT statements, for the tables this register has."""
    tables = set(
        con.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
    )
    everyone = "ropa_editor, ropa_dpo, ropa_auditor"
    out = [
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {everyone}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ropa_editor",
        # The audit trail: append only, and the chain's head moves with it.
        "GRANT INSERT ON audit_event TO ropa_editor",
        "GRANT UPDATE ON audit_chain TO ropa_editor",
    ]
    out += [f"GRANT INSERT, UPDATE, DELETE ON {t} TO ropa_editor" for t in PARTS if t in tables]
    out += [f"GRANT INSERT, UPDATE ON {t} TO ropa_editor" for t in RECORDS if t in tables]
    out += [f"GRANT DELETE ON {t} TO ropa_dpo" for t in RECORDS if t in tables]
    out += [f"GRANT INSERT, UPDATE, DELETE ON {t} TO ropa_dpo" for t in MANAGED if t in tables]
    return out


# Approval: only a member of ropa_dpo (or the owner, a superuser) may set an activity
# approved, or change what an approval records. The actor: an event names its writer.
GUARDS = (
    """CREATE OR REPLACE FUNCTION ropa_guard_approval() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = 'approved'
         AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'approved'
              OR OLD.approved_version IS DISTINCT FROM NEW.approved_version)
         AND NOT pg_has_role(current_user, 'ropa_dpo', 'MEMBER') THEN
        RAISE EXCEPTION 'only a DPO may approve an activity' USING ERRCODE = 'insufficient_privilege';
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
