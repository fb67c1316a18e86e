from django.contrib.auth import views as auth_views
from django.urls import path

from bekal.accounts import security_views, user_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", views.SignOut.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("second-factor/", security_views.otp_setup, name="otp-setup"),
    path("second-factor/verify/", security_views.otp_verify, name="otp-verify"),
    path("second-factor/remove/", security_views.otp_remove, name="otp-remove"),
    path("password/", security_views.PasswordChange.as_view(), name="password-change"),
    path("password-reset/", security_views.password_reset, name="password-reset"),
    path("password-reset/sent/", security_views.password_reset_done, name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        security_views.PasswordResetConfirm.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", security_views.password_reset_complete, name="password-reset-complete"),
    path("users/", security_views.unit_users, name="unit-users"),
    path("users/new/", user_views.user_create, name="user-create"),
    path("users/<int:pk>/", user_views.user_edit, name="user-edit"),
    path("users/<int:pk>/active/", user_views.user_active, name="user-active"),
    path("users/<int:pk>/reset-link/", user_views.user_reset_link, name="user-reset-link"),
    path("users/<int:pk>/password-reset/", security_views.unit_user_password_reset, name="unit-user-password-reset"),
    path("users/<int:pk>/second-factor/remove/", security_views.unit_user_otp_remove, name="unit-user-otp-remove"),
]
