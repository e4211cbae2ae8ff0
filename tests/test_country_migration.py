"""Migration 0010: a register's free-text countries become codes where unambiguous; any
other text is kept as written and its transfer marked to confirm."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, text

from ropa_desktop.domain.records import TransferRec
from ropa_desktop.services import activities
from ropa_desktop.services.checks import to_confirm_message
from ropa_desktop.services.register import Register
from ropa_desktop.store.migrate import alembic_config, upgrade
from tests.factories import complete_activity

WRITTEN = ["USA", "United States", "Etats-Unis", "UK", "Inde (Bangalore)", "Atlantide",
           "Congo", "OECD"]  # fmt: skip
CODES = ["US", "US", "US", "GB", "IN", "Atlantide", "Congo", "OECD"]


def _downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def _stored(engine: Engine) -> list[str]:
    with engine.connect() as con:
        return list(con.execute(text("SELECT country FROM transfer ORDER BY position")).scalars())


def test_free_text_countries_become_codes_or_are_marked(org_register: Register) -> None:
    register = org_register
    rec = complete_activity(transfers=tuple(TransferRec(f"placeholder {i}") for i in range(8)),
                            to_confirm=("owner_department",))  # fmt: skip
    activities.save_activity(register, record=rec)
    _downgrade(register.engine, "0009")
    with register.engine.begin() as con:
        for i, country in enumerate(WRITTEN):
            con.execute(
                text("UPDATE transfer SET country = :c WHERE position = :p"), {"c": country, "p": i}
            )
    upgrade(register.engine)

    assert _stored(register.engine) == CODES
    saved = activities.get_activity(register, key="act-crm")
    assert [t.country for t in saved.transfers] == CODES
    marks = [m for m in saved.to_confirm if m.startswith("transfers[")]
    assert [m.split(":")[0] for m in marks] == [
        "transfers[6].country", "transfers[7].country", "transfers[8].country"
    ]  # fmt: skip
    assert "owner_department" in saved.to_confirm  # the marks it had are kept
    message = to_confirm_message(marks[0])
    assert message.startswith("“Transfer 6 — Country or organisation” is marked to confirm")
    assert "transfers[" not in message

    # Saving the activity again keeps the codes and the words as written.
    again = activities.save_activity(register, record=saved)
    assert [t.country for t in again.transfers] == CODES


def test_the_downgrade_writes_names_back(org_register: Register) -> None:
    register = org_register
    activities.save_activity(
        register,
        record=complete_activity(transfers=(TransferRec("Etats-Unis"), TransferRec("OECD"))),
    )
    assert _stored(register.engine) == ["US", "OECD"]
    _downgrade(register.engine, "0009")
    assert _stored(register.engine) == ["United States", "OECD"]


def test_every_door_stores_a_code(org_register: Register) -> None:
    saved = activities.save_activity(
        org_register,
        record=complete_activity(
            transfers=(TransferRec(" Royaume-Uni "), TransferRec("JP"), TransferRec("Inde"))
        ),
    )
    assert [t.country for t in saved.transfers] == ["GB", "JP", "IN"]
