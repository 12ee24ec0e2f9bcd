"""Choices kept by position become choices kept by key.

Before: texts[language]["choices"] = ["Small", "Large"], the same order in every language, and
an answer would have named a position. After: Question.choices = ["c1", "c2"] and
texts[language]["choices"] = {"c1": "Small", "c2": "Large"}. A language with more choices than
the default one keeps them all (under keys of their own), so nothing typed is lost; publication
then asks for their labels in the other languages."""

from django.db import migrations


def to_keys(apps, schema_editor):
    Question = apps.get_model("grants", "Question")
    for question in Question.objects.all().iterator():
        lists = {
            language: texts["choices"]
            for language, texts in question.texts.items()
            if isinstance(texts, dict) and isinstance(texts.get("choices"), list)
        }
        if not lists:
            continue
        count = max(len(labels) for labels in lists.values())
        keys = [f"c{number}" for number in range(1, count + 1)]
        texts = {language: dict(value) for language, value in question.texts.items()}
        for language, labels in lists.items():
            texts[language]["choices"] = dict(zip(keys, labels, strict=False))
        question.texts = texts
        question.choices = keys if question.type in ("single_choice", "multiple_choice") else []
        question.save(update_fields=["texts", "choices"])


def to_positions(apps, schema_editor):
    Question = apps.get_model("grants", "Question")
    for question in Question.objects.all().iterator():
        texts = {language: dict(value) for language, value in question.texts.items()}
        for value in texts.values():
            if isinstance(value.get("choices"), dict):
                value["choices"] = [value["choices"][key] for key in question.choices if key in value["choices"]]
        question.texts = texts
        question.save(update_fields=["texts"])


class Migration(migrations.Migration):
    dependencies = [("grants", "0002_choice_keys_and_applications")]

    operations = [migrations.RunPython(to_keys, to_positions)]
