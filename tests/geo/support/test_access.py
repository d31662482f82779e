from geo.support.access import StaffList, answers_only_here


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
