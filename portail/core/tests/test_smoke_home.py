def test_home_welcomes_member(client_a):
    response = client_a.get("/")
    assert response.status_code == 200
    assert "Cher adhérent, bienvenue !" in response.content.decode()
