class HandleConverter:
    regex = "[a-z0-9_]{3,30}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
