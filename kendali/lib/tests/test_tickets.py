from kendali.lib.tickets import ALPHABET, new_ticket, normalize_ticket


def test_tickets_are_short_readable_and_random():
    tickets = {new_ticket() for _ in range(2000)}
    assert len(tickets) == 2000
    for ticket in list(tickets)[:50]:
        assert len(ticket) == 9 and ticket[4] == "-"
        assert all(char in ALPHABET for char in ticket.replace("-", ""))
        for confusing in "01OIL":
            assert confusing not in ticket


def test_it_normalises_what_people_type():
    assert normalize_ticket(" k7mq 4xr9 ") == "K7MQ-4XR9"
    assert normalize_ticket("k7mq-4xr9") == "K7MQ-4XR9"
    assert normalize_ticket("K7MQ4XR9") == "K7MQ-4XR9"


def test_it_refuses_what_cannot_be_a_ticket():
    for raw in ["", "ABC", "K7MQ-4XR90", "K0MQ-4XR9", "<script>", "' OR 1=1 --"]:
        assert normalize_ticket(raw) is None
