from django.shortcuts import render


def my_questions(request):
    return render(request, "inbox/my_questions.html", {})
