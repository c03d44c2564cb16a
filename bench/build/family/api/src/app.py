print("api v1")
