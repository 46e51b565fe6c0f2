import pytest

from shared import config


def test_db_url_comes_from_flag_then_env_then_config_then_default(tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[store]\nurl = "postgresql://antre@server/antre"\n')
    monkeypatch.setenv("ANTRE_DB_URL", "sqlite:////env.db")
    assert config.resolve("sqlite:////flag.db", config_file=cfg).db_url == "sqlite:////flag.db"
    assert config.resolve(None, config_file=cfg).db_url == "sqlite:////env.db"
    monkeypatch.delenv("ANTRE_DB_URL")
    assert config.resolve(None, config_file=cfg).db_url == "postgresql://antre@server/antre"
    fallback = config.resolve(None, config_file=tmp_path / "absent.toml")
    assert fallback.source == "default"
    assert fallback.db_url.startswith("sqlite:///")
    assert fallback.db_url.endswith("antre.db")


def test_a_broken_config_file_is_one_clear_error(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text("[store\n")
    with pytest.raises(config.BadInput, match="tidak valid"):
        config.resolve(None, config_file=cfg)
