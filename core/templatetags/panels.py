from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, panel):
    """`{% render_panel panel %}`: the panel's template, with the page's context and its own."""
    panel_template = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return panel_template.render(context)
