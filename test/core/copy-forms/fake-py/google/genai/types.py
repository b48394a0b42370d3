class HttpOptions:
    def __init__(self, base_url=None, api_version=None):
        self.base_url = base_url
        self.api_version = api_version
