"""`{% load shell %}`: the app shell (header, landmarks, messages, footer) around django-allauth's own pages, which
are Django templates, so that the shell has one source: `copse/jinja2/base.html`.

    {% shell %}{% block head_title %}{% endblock %}{% content %}{% block content %}{% endblock %}{% endshell %}
"""

from typing import Any

from django import template
from django.template.base import NodeList, Parser, Token
from django.template.loader import get_template
from django.utils.safestring import SafeString

register = template.Library()


class ShellNode(template.Node):
    child_nodelists = ("title", "content")

    def __init__(self, title: NodeList, content: NodeList) -> None:
        self.title, self.content = title, content

    def render(self, context: template.Context) -> SafeString:
        page = get_template("allauth_page.html", using="jinja2")
        values: dict[str, Any] = {
            "title": SafeString(self.title.render(context).strip()),  # Django's output, already escaped
            "content": self.content.render(context),  # Django's output, already escaped and safe
        }
        return SafeString(page.render(values, context.get("request")))


@register.tag
def shell(parser: Parser, token: Token) -> ShellNode:
    title = parser.parse(("content",))
    parser.delete_first_token()
    content = parser.parse(("endshell",))
    parser.delete_first_token()
    return ShellNode(title, content)
