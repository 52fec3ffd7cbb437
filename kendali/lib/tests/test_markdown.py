from kendali.lib.markdown import render_markdown


def test_markdown_is_rendered_and_scripts_are_removed():
    html = render_markdown(
        "**Tebal** <script>alert(1)</script> [tautan](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> [ok](https://bandung.go.id)'
    )
    assert "<strong>Tebal</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert 'href="https://bandung.go.id"' in html
