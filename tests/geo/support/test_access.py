from geo.support.access import FRONT_ADDRESS, StaffList, answers_only_here, reached_at


def test_staff_list_matches_whole_addresses_and_whole_domains_case_blind():
    staff = StaffList.of(["Editor@Newsroom.example", "@desk.example", " ", None])
    assert staff.includes("editor@newsroom.example")
    assert staff.includes("  EDITOR@newsroom.example ")
    assert staff.includes("night@desk.example")
    assert not staff.includes("editor@newsroom.example.evil")
    assert not staff.includes("night@sub.desk.example")
    assert not staff.includes("someone@elsewhere.example")
    assert not staff.includes("")
    assert not staff.includes(None)
    assert not StaffList.of([]).includes("editor@newsroom.example")


def test_only_loopback_addresses_answer_on_this_computer_alone():
    for address in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert answers_only_here(address), address
    for address in (None, "", "0.0.0.0", "::", "192.168.1.20", "example.org", "unix:///run/atlas.sock"):
        assert not answers_only_here(address), address


def test_behind_replicas_readers_reach_the_front_unless_the_server_answers_beyond_this_computer():
    assert reached_at("127.0.0.1", {}) == "127.0.0.1" and reached_at(None, {}) is None
    assert reached_at("127.0.0.1", {FRONT_ADDRESS: "0.0.0.0"}) == "0.0.0.0"
    assert reached_at("127.0.0.1", {FRONT_ADDRESS: ""}) == ""  # the front on every interface
    assert reached_at("::1", {FRONT_ADDRESS: "localhost"}) == "localhost"
    # A front said to be here does not make a server bound to the network local.
    assert reached_at("0.0.0.0", {FRONT_ADDRESS: "127.0.0.1"}) == "0.0.0.0"
    assert reached_at(None, {FRONT_ADDRESS: "127.0.0.1"}) is None
