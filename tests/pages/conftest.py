import pytest
from streamlit import config


@pytest.fixture(autouse=True)
def bound_to_this_computer():
    """The app shows non-public rows without sign-in only when it answers on this computer alone,
    as ``python -m ui.serve`` starts it; AppTest runs in this process with Streamlit's defaults."""
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)
