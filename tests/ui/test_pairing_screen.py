"""On the LAN, a tablet pairs with a one-time code before it sees anything."""

from conftest import FAST_HASHER, unlock
from harness import Harness

from app.pairing import Pairing
from app.ui.app import build_main


def lan_main(repo, pairing):
    return build_main(repo, hasher=FAST_HASHER, idle_watch=False, pairing=pairing)


def test_a_browser_from_another_device_must_pair_first(repo, pinned):
    """No PIN screen, no child: only the pairing code field, until it is right."""
    pairing = Pairing()
    with Harness(
        lan_main(repo, pairing), page_props={"client_ip": "192.168.1.23"}
    ) as h:
        assert h.exists("pairing-code")
        assert not h.exists("pin")
        h.type("pairing-code", "000000" if pairing.code != "000000" else "111111")
        h.click("pairing-submit")
        assert h.find("pairing-code").error == "Fel kod. Försök igen."
        h.type("pairing-code", pairing.code)
        h.click("pairing-submit")
        assert h.exists("pin")


def test_a_used_code_does_not_pair_a_second_browser(repo, pinned):
    """Each code works once: the next tablet needs the new one."""
    pairing = Pairing()
    used = pairing.code
    props = {"client_ip": "192.168.1.23"}
    with Harness(lan_main(repo, pairing), page_props=props) as h:
        h.type("pairing-code", used)
        h.click("pairing-submit")
        assert h.exists("pin")
    with Harness(lan_main(repo, pairing), page_props=props) as h:
        h.type("pairing-code", used)
        h.click("pairing-submit")
        assert h.exists("pairing-code")


def test_the_laptop_itself_needs_no_code_and_shows_it(repo, pinned):
    """On loopback the workspace opens as usual and displays the current code."""
    pairing = Pairing()
    with Harness(lan_main(repo, pairing), page_props={"client_ip": "127.0.0.1"}) as h:
        unlock(h)
        shown = h.find("pairing-code-shown").value
        assert shown.replace(" ", "").endswith(pairing.code)


def test_wrong_codes_typed_on_one_device_do_not_make_another_wait(repo, pinned):
    """Guessing from one address meets the wait; a tablet elsewhere pairs at once."""
    pairing = Pairing()
    wrong = "000000" if pairing.code != "000000" else "111111"
    main = lan_main(repo, pairing)
    with Harness(main, page_props={"client_ip": "192.168.1.66"}) as guesser:
        for _ in range(5):
            guesser.type("pairing-code", wrong)
            guesser.click("pairing-submit")
        assert "Vänta" in guesser.find("pairing-code").error
    with Harness(main, page_props={"client_ip": "192.168.1.23"}) as tablet:
        tablet.type("pairing-code", pairing.code)
        tablet.click("pairing-submit")
        assert tablet.exists("pin")
