print("worker v1")
