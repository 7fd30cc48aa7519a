"""Events with objective, pitch and rating; win-win fields on meetings; follow-ups (issue 5).

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

OBJECTIVES = ('visibility', 'clients', 'suppliers', 'collaborators', 'investors', 'learning')


def upgrade() -> None:
    objective_check = ("objective IS NULL OR objective IN ("
                       + ", ".join(f"'{o}'" for o in OBJECTIVES) + ")")
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organizer', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('audience', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('objective', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('pitch', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('rating', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attend_again', sa.Boolean(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_events_objective_known'), objective_check)
        batch_op.create_check_constraint(op.f('ck_events_rating_range'),
                                         'rating IS NULL OR rating BETWEEN 1 AND 5')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('their_strengths', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('my_offer', sa.Text(), nullable=True))

    op.create_table('followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("length(trim(action, ' \t\n\r')) >= 1", name=op.f('ck_followups_action_not_blank')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_followups_meeting_id_meetings'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_followups_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followups')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_followups_meeting_id'))
    )
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.create_index('ix_followups_owner_due', ['owner_id', 'due'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_index('ix_followups_owner_due')
    op.drop_table('followups')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('my_offer')
        batch_op.drop_column('their_strengths')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_events_rating_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_events_objective_known'), type_='check')
        batch_op.drop_column('attend_again')
        batch_op.drop_column('rating')
        batch_op.drop_column('pitch')
        batch_op.drop_column('objective')
        batch_op.drop_column('audience')
        batch_op.drop_column('organizer')
