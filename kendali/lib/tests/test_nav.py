from kendali.lib import nav


def test_items_come_in_order_and_only_to_those_who_may_see_them():
    def is_chief(user):
        return user == "chief"

    nav.register(nav.NavItem("b", "B", "portal:home", 20, "test-area"))
    nav.register(nav.NavItem("a", "A", "portal:home", 10, "test-area"))
    nav.register(nav.NavItem("secret", "S", "portal:home", 15, "test-area", is_chief))
    try:
        assert [i.key for i in nav.items_for("test-area", "chief")] == ["a", "secret", "b"]
        assert [i.key for i in nav.items_for("test-area", "anyone")] == ["a", "b"]
        assert nav.items_for("test-area", "anyone")[0].url == "/"
    finally:
        for key in ("a", "b", "secret"):
            nav._items.pop(("test-area", key))


def test_registering_a_key_again_replaces_the_item():
    nav.register(nav.NavItem("x", "Old", "portal:home", 10, "test-area"))
    nav.register(nav.NavItem("x", "New", "portal:home", 10, "test-area"))
    try:
        assert [i.label for i in nav.items("test-area")] == ["New"]
    finally:
        nav._items.pop(("test-area", "x"))


def test_signed_in_asks_the_user():
    class Anonymous:
        is_authenticated = False

    class Person:
        is_authenticated = True

    assert not nav.signed_in(Anonymous()) and nav.signed_in(Person())
    assert nav.everyone(None)
