"""What a table row costs to draw in Django's template language and in Jinja2 (issue 17: "Jinja2 if you measure that
it pays"). The row is the employee list's (workforce/_table.html) without its tags: the same variables, tests and
escaping, 50 rows as on one page of the list. Jinja2 is not a dependency of the project: install it beside.

    pip install --target /tmp/j2 jinja2 && python -m bench.template_engines /tmp/j2
"""

import statistics
import sys
import time
from datetime import date

ROW = """<tr><td class="card-title"><a href="/salaries/{{ e.pk }}/">{{ e.birth_name }}</a>{% if e.usage_name %}
({{ e.usage_name }}){% endif %} {{ e.first_name }}<br><small>Naissance : {{ e.birth_date }}</small></td>
<td data-label="Poste">{{ e.job_title }}</td><td data-label="Contrat">{{ e.contract }}</td><td>{{ e.hire_date }}</td>
<td><span class="badge{% if e.category == 'SIR' %} alert{% elif e.category == 'SIA' %} warning{% else %} ok{% endif %}">
{{ e.category }}</span></td><td><details><summary>Actions<span> pour {{ e.birth_name }} {{ e.first_name }}</span>
</summary><ul><li><a href="/salaries/{{ e.pk }}/">Voir la fiche<span> de {{ e.birth_name }} {{ e.first_name }}</span></a></li>
<li><a href="/salaries/{{ e.pk }}/modifier/">Modifier<span> {{ e.birth_name }} {{ e.first_name }}</span></a></li>
<li><a href="/salaries/{{ e.pk }}/sortie/">Sortir le salarié<span> {{ e.birth_name }} {{ e.first_name }}</span></a></li>
</ul></details></td></tr>"""
LOOP = "{% for e in rows %}" + ROW + "{% endfor %}"


class Row:
    def __init__(self, pk: int):
        self.pk, self.birth_name, self.usage_name, self.first_name = pk, f"NOM {pk} <&>", "", "Zoé"
        self.birth_date, self.hire_date = date(1980, 1, 1), date(2020, 1, 1)
        self.job_title, self.contract, self.category = "Préparateur", "CDI", "SI"


def cpu_ms(draw, runs: int = 300) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        draw()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    sys.path[:0] = sys.argv[1:]
    import django
    from django.conf import settings

    settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
    django.setup()
    import jinja2
    from django.template import Context, Template

    rows = [Row(pk) for pk in range(50)]
    django_loop, jinja_loop = Template(LOOP), jinja2.Environment(autoescape=True).from_string(LOOP)
    assert "NOM 3 &lt;&amp;&gt;" in django_loop.render(Context({"rows": rows})) and "NOM 3 &lt;&amp;&gt;" in jinja_loop.render(rows=rows)
    print(f"50 lignes, médiane CPU : Django {cpu_ms(lambda: django_loop.render(Context({'rows': rows}))):.2f} ms, "
          f"Jinja2 {cpu_ms(lambda: jinja_loop.render(rows=rows)):.2f} ms")


if __name__ == "__main__":
    main()
